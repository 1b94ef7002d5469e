/**
 * Claid adapter: POST {base}{prefix}/image/edit/upload with multipart `file` + `data` (the request
 * without `input`), Bearer auth; or POST /image/edit with `input` set to the user's URL. Downloads
 * `data.output.tmp_url` (it expires after ~24 h) so the result lives in our store.
 */
import { providerInputTypes, type JsonObject } from '../../../recipe/index.ts';
import { CHECKABLE_TYPES } from '../../guards/image-type.ts';
import type { Config } from '../../config.ts';
import { HttpError } from '../../errors.ts';
import { mapClaidError } from './errors.ts';
import { callProvider, downloadResult, readRateLimit } from '../provider-http.ts';
import { describeResult, isTransparent } from '../result-image.ts';
import { keepInputFromUrl } from '../fetch-asset.ts';
import { inputBlob } from '../input-blob.ts';
import type { Executor, JobContext } from '../types.ts';
import { CLAID_ENV } from './env.ts';

const LABEL = 'Claid';
const NO_KEY = `No ${CLAID_ENV.apiKey} is set on the server.`;

/** The body Claid receives: our request minus `input`, with an alpha format forced for transparency. */
function prepareClaidBody(request: JsonObject, warn: JobContext['warn']): JsonObject {
  const body = structuredClone(request);
  if ('input' in body) {
    delete body.input;
    warn({
      path: 'input',
      message: 'The request\'s "input" was ignored: Backdrop sends the image you gave it.',
    });
  }
  const operations = body.operations as JsonObject | undefined;
  const background = operations?.background as JsonObject | undefined;
  const output = (
    body.output && typeof body.output === 'object' && !Array.isArray(body.output) ? body.output : undefined
  ) as JsonObject | undefined;
  if (isTransparent(background?.color) && output?.format === undefined) {
    body.output = { ...(output ?? {}), format: 'png' };
    warn({
      path: 'output.format',
      message:
        'A transparent background needs an alpha format and none was set, so PNG was requested (Claid would give white with its default JPEG).',
    });
  }
  return body;
}

export function createClaidExecutor(config: Config, options: { backoffMs?: number } = {}): Executor {
  return {
    id: 'claid',
    label: 'Claid',
    dialects: ['claid'],
    // What the provider documents, less what our upload guard cannot check (Claid's BMP).
    inputTypes: providerInputTypes('claid').filter((type) => CHECKABLE_TYPES.includes(type)),
    cannotTake: () => 'Claid does not take it',
    unavailableReason: (c) => (c.provider('claid')?.apiKey ? null : NO_KEY),
    concurrency: (c) => c.provider('claid')?.concurrency ?? 1,
    async run(ctx) {
      const settings = config.provider('claid');
      const key = settings?.apiKey;
      if (!settings || !key)
        throw new HttpError(503, { code: 'executor-unavailable', message: NO_KEY, executor: 'claid' });
      const before = keepInputFromUrl(config, ctx);
      const body = prepareClaidBody(ctx.request, ctx.warn);
      const base = `${settings.baseUrl}${settings.options.apiPrefix ?? ''}`;
      const common = {
        executor: 'claid' as const,
        label: LABEL,
        baseUrlSetting: CLAID_ENV.baseUrl.name,
        method: 'POST' as const,
        signal: ctx.signal,
        timeoutMs: config.providerTimeoutMs,
        retries: config.providerRetries,
        maxRateLimitWaitMs: config.maxRateLimitWaitMs,
        onWait: (stage: string) => ctx.progress(stage, 0.2),
        ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
      };
      ctx.progress('uploading', 0.1);
      const response = ctx.input
        ? await callProvider({
            ...common,
            url: `${base}/image/edit/upload`,
            headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
            body: async () => {
              const input = ctx.input!;
              const form = new FormData();
              form.append('file', await inputBlob(input), input.name || 'image');
              form.append('data', JSON.stringify(body));
              return form;
            },
          })
        : await callProvider({
            ...common,
            url: `${base}/image/edit`,
            headers: {
              authorization: `Bearer ${key}`,
              accept: 'application/json',
              'content-type': 'application/json',
            },
            body: () => JSON.stringify({ input: ctx.imageUrl, ...body }),
          });
      const requestId = response.headers.get('x-request-id')?.slice(0, 100);
      const rateLimit = readRateLimit(response.headers);
      ctx.provider({
        ...(requestId ? { providerRequestId: requestId } : {}),
        ...(rateLimit ? { rateLimit } : {}),
      });
      if (response.status < 200 || response.status >= 300) {
        const error = mapClaidError(response);
        if (error.code === 'no-credits')
          ctx.provider({ credits: { remaining: 0, note: 'Claid reports the account is out of credits.' } });
        throw new HttpError(502, error);
      }
      const data = (
        response.json as
          { data?: { output?: { tmp_url?: unknown; width?: unknown; height?: unknown } } } | undefined
      )?.data;
      const tmpUrl = data?.output?.tmp_url;
      if (typeof tmpUrl !== 'string' || !/^https?:\/\//.test(tmpUrl)) {
        throw new HttpError(502, {
          code: 'provider-bad-response',
          message: `Claid answered ${response.status} without a result URL (data.output.tmp_url). Run the job again.`,
          executor: 'claid',
          ...(requestId ? { requestId } : {}),
        });
      }
      ctx.progress('downloading', 0.8);
      const downloaded = await downloadResult(tmpUrl, {
        executor: 'claid',
        label: LABEL,
        signal: ctx.signal,
        timeoutMs: config.providerTimeoutMs,
        maxBytes: Math.max(config.maxUploadBytes * 8, 200 * 1024 * 1024),
        toPath: ctx.tempPath(),
      });
      const { width, height } = data?.output ?? {};
      const reported =
        Number.isInteger(width) && Number.isInteger(height) && (width as number) > 0 && (height as number) > 0
          ? { width: width as number, height: height as number }
          : undefined;
      await before;
      return describeResult(downloaded, 'claid', LABEL, reported);
    },
  };
}
