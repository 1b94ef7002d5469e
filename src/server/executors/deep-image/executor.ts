/**
 * Deep-Image adapter: POST {base}/rest_api/process_result (x-api-key) with multipart `fileName` +
 * `parameters`, or JSON with `url` when the user gave a URL. process_result waits up to ~25 s; when no
 * `result_url` comes back it polls rest_api/result/{job} until complete/failed or the poll timeout.
 */
import { providerInputTypes, type JsonObject } from '../../../recipe/index.ts';
import { CHECKABLE_TYPES } from '../../guards/image-type.ts';
import type { Config } from '../../config.ts';
import { HttpError } from '../../errors.ts';
import { isFailedJob, mapDeepImageError } from './errors.ts';
import {
  callProvider,
  downloadResult,
  readRateLimit,
  sleep,
  type CallOptions,
  type ProviderResponse,
} from '../provider-http.ts';
import { describeResult, isTransparent } from '../result-image.ts';
import { keepInputFromUrl } from '../fetch-asset.ts';
import { inputBlob } from '../input-blob.ts';
import type { Executor, JobContext } from '../types.ts';
import { DEEP_IMAGE_ENV } from './env.ts';

const LABEL = 'Deep-Image';
const NO_KEY = `No ${DEEP_IMAGE_ENV.apiKey} is set on the server.`;

interface JobAnswer {
  status?: unknown;
  job?: unknown;
  result_url?: unknown;
}

function prepareDeepImageBody(request: JsonObject, warn: JobContext['warn']): JsonObject {
  const body = structuredClone(request);
  if (typeof body.url === 'string') {
    delete body.url;
    warn({ path: 'url', message: 'The request\'s "url" was ignored: Backdrop sends the image you gave it.' });
  }
  const background = body.background as JsonObject | undefined;
  if (isTransparent(background?.color) && body.output_format === undefined) {
    body.output_format = 'png';
    warn({
      path: 'output_format',
      message: 'A transparent background needs an alpha format and none was set, so PNG was requested.',
    });
  }
  return body;
}

export function createDeepImageExecutor(config: Config, options: { backoffMs?: number } = {}): Executor {
  return {
    id: 'deep-image',
    label: 'Deep-Image',
    dialects: ['deep-image'],
    // What the provider documents, less what our upload guard cannot check (Claid's BMP).
    inputTypes: providerInputTypes('deep-image').filter((type) => CHECKABLE_TYPES.includes(type)),
    cannotTake: () => 'Deep-Image does not take it',
    unavailableReason: (c) => (c.provider('deep-image')?.apiKey ? null : NO_KEY),
    concurrency: (c) => c.provider('deep-image')?.concurrency ?? 1,
    async run(ctx) {
      const settings = config.provider('deep-image');
      const key = settings?.apiKey;
      if (!settings || !key)
        throw new HttpError(503, { code: 'executor-unavailable', message: NO_KEY, executor: 'deep-image' });
      const before = keepInputFromUrl(config, ctx);
      const body = prepareDeepImageBody(ctx.request, ctx.warn);
      const api = `${settings.baseUrl}/rest_api`;
      const call = (extra: Pick<CallOptions, 'url' | 'method' | 'headers' | 'body'>) =>
        callProvider({
          executor: 'deep-image',
          label: LABEL,
          baseUrlSetting: DEEP_IMAGE_ENV.baseUrl.name,
          signal: ctx.signal,
          timeoutMs: config.providerTimeoutMs,
          retries: config.providerRetries,
          maxRateLimitWaitMs: config.maxRateLimitWaitMs,
          onWait: (stage) => ctx.progress(stage, 0.2),
          isFinal: isFailedJob,
          ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
          ...extra,
        });
      const fail = (response: ProviderResponse, jobId?: string) => {
        const error = mapDeepImageError(response, jobId);
        if (error.code === 'no-credits')
          ctx.provider({ credits: { remaining: 0, note: 'Deep-Image reports NOT_ENOUGH_CREDITS.' } });
        return new HttpError(502, error);
      };
      const note = (response: ProviderResponse, jobId?: string) => {
        const rateLimit = readRateLimit(response.headers);
        ctx.provider({ ...(jobId ? { providerRequestId: jobId } : {}), ...(rateLimit ? { rateLimit } : {}) });
      };

      ctx.progress('uploading', 0.1);
      let response = ctx.input
        ? await call({
            url: `${api}/process_result`,
            method: 'POST',
            headers: { 'x-api-key': key, accept: 'application/json' },
            body: async () => {
              const input = ctx.input!;
              const form = new FormData();
              form.append('fileName', await inputBlob(input), input.name || 'image');
              form.append('parameters', JSON.stringify(body));
              return form;
            },
          })
        : await call({
            url: `${api}/process_result`,
            method: 'POST',
            headers: { 'x-api-key': key, accept: 'application/json', 'content-type': 'application/json' },
            body: () => JSON.stringify({ ...body, url: ctx.imageUrl }),
          });
      let answer = (response.json ?? {}) as JobAnswer;
      const jobId = typeof answer.job === 'string' ? answer.job.slice(0, 100) : undefined;
      note(response, jobId);
      if (response.status < 200 || response.status >= 300) throw fail(response, jobId);

      const deadline = Date.now() + config.pollTimeoutMs;
      const cancelRemote = () => {
        if (!jobId) return;
        // Best effort: tell Deep-Image to drop the job; never delays the cancellation.
        void fetch(`${api}/result/${encodeURIComponent(jobId)}`, {
          method: 'DELETE',
          headers: { 'x-api-key': key },
          signal: AbortSignal.timeout(5000),
        }).catch(() => {});
      };
      ctx.signal.addEventListener('abort', cancelRemote, { once: true });
      try {
        let polls = 0;
        while (!(answer.status === 'complete' && typeof answer.result_url === 'string')) {
          if (answer.status === 'failed')
            throw fail({ ...response, json: { ...answer, status: 'failed' } }, jobId);
          if (!jobId)
            throw new HttpError(502, {
              code: 'provider-bad-response',
              message: 'Deep-Image answered without a result or a job id to poll. Run the job again.',
              executor: 'deep-image',
            });
          if (Date.now() + config.pollIntervalMs > deadline) {
            throw new HttpError(504, {
              code: 'provider-timeout',
              message: `Deep-Image job ${jobId} did not complete within ${Math.round(config.pollTimeoutMs / 1000)} s (last status: ${String(answer.status ?? 'unknown')}). Try again later; the limit is BACKDROP_POLL_TIMEOUT_MS.`,
              executor: 'deep-image',
              requestId: jobId,
            });
          }
          ctx.progress('polling', Math.min(0.75, 0.3 + polls * 0.03));
          await sleep(config.pollIntervalMs, ctx.signal);
          polls++;
          response = await call({
            url: `${api}/result/${encodeURIComponent(jobId)}`,
            method: 'GET',
            headers: { 'x-api-key': key, accept: 'application/json' },
          });
          note(response, jobId);
          if (response.status < 200 || response.status >= 300) throw fail(response, jobId);
          answer = (response.json ?? {}) as JobAnswer;
        }
      } finally {
        ctx.signal.removeEventListener('abort', cancelRemote);
      }
      ctx.progress('downloading', 0.8);
      const downloaded = await downloadResult(answer.result_url as string, {
        executor: 'deep-image',
        label: LABEL,
        signal: ctx.signal,
        timeoutMs: config.providerTimeoutMs,
        maxBytes: Math.max(config.maxUploadBytes * 8, 200 * 1024 * 1024),
        toPath: ctx.tempPath(),
      });
      await before;
      return describeResult(downloaded, 'deep-image', LABEL);
    },
  };
}
