/**
 * Cutout's server half (the test-only third provider; its descriptor is src/recipe/testing/cutout/):
 * its environment variables, its executor on the shared provider plumbing, and a fake of its API on
 * 127.0.0.1. registerCutoutServer() is the one line a real provider adds to executors/providers.ts.
 */
import { randomUUID } from 'node:crypto';
import { providerInputTypes, type ApiError } from '../../../recipe/index.ts';
import { HttpError } from '../../errors.ts';
import { callProvider, downloadResult } from '../../executors/provider-http.ts';
import type { ProviderServer } from '../../executors/provider-server.ts';
import { registerProviderServer, unregisterProviderServer } from '../../executors/providers.ts';
import { describeResult } from '../../executors/result-image.ts';
import { inputBlob } from '../../executors/input-blob.ts';
import {
  createFakeServer,
  fakeResult,
  receive,
  sendJson,
  sendStored,
  type FakeServer,
} from '../fake-http.ts';

const CUTOUT_ENV = {
  apiKey: 'CUTOUT_API_KEY',
  baseUrl: { name: 'CUTOUT_BASE_URL', default: 'https://api.cutout.example' },
  concurrency: { name: 'BACKDROP_CUTOUT_CONCURRENCY', default: '2' },
} as const;

const NO_KEY = `No ${CUTOUT_ENV.apiKey} is set on the server.`;

const failure = (status: number, message: string): ApiError => ({
  code: status === 401 ? 'provider-auth' : 'provider-error',
  message: `Cutout answered HTTP ${status}: ${message}`,
  executor: 'cutout',
});

const cutoutServer: ProviderServer = {
  dialect: 'cutout',
  env: CUTOUT_ENV,
  create: (config, options) => ({
    id: 'cutout',
    label: 'Cutout',
    dialects: ['cutout'],
    inputTypes: providerInputTypes('cutout'),
    cannotTake: () => 'Cutout does not take it',
    unavailableReason: (c) => (c.provider('cutout')?.apiKey ? null : NO_KEY),
    concurrency: (c) => c.provider('cutout')?.concurrency ?? 1,
    async run(ctx) {
      const settings = config.provider('cutout');
      if (!settings?.apiKey || !ctx.input)
        throw new HttpError(503, { code: 'executor-unavailable', message: NO_KEY, executor: 'cutout' });
      const { apiKey } = settings;
      const input = ctx.input;
      ctx.progress('uploading', 0.1);
      const response = await callProvider({
        executor: 'cutout',
        label: 'Cutout',
        baseUrlSetting: CUTOUT_ENV.baseUrl.name,
        url: `${settings.baseUrl}/v1/cutout`,
        method: 'POST',
        headers: { 'x-api-key': apiKey },
        body: async () => {
          const form = new FormData();
          form.append('image', await inputBlob(input), input.name || 'image');
          form.append('options', JSON.stringify(ctx.request));
          return form;
        },
        signal: ctx.signal,
        timeoutMs: config.providerTimeoutMs,
        retries: config.providerRetries,
        maxRateLimitWaitMs: config.maxRateLimitWaitMs,
        ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
      });
      const url = (response.json as { result?: { url?: unknown } } | undefined)?.result?.url;
      if (response.status !== 200 || typeof url !== 'string')
        throw new HttpError(502, failure(response.status, response.text.slice(0, 200)));
      ctx.progress('downloading', 0.8);
      const downloaded = await downloadResult(url, {
        executor: 'cutout',
        label: 'Cutout',
        signal: ctx.signal,
        timeoutMs: config.providerTimeoutMs,
        maxBytes: 50 * 1024 * 1024,
        toPath: ctx.tempPath(),
      });
      return describeResult(downloaded, 'cutout', 'Cutout');
    },
  }),
};

/** Registers Cutout's server half (after the recipe half, registerCutout); returns the undo. */
export function registerCutoutServer(): () => void {
  registerProviderServer(cutoutServer);
  return () => unregisterProviderServer('cutout');
}

/** A fake Cutout: POST /v1/cutout (multipart `image` + `options`, X-Api-Key), GET /files/{id}. */
export function startFakeCutout(): Promise<FakeServer> {
  const files = new Map<string, { data: Buffer; mime: string }>();
  return createFakeServer(async (req, res, ctx) => {
    const { path, parsed } = await receive(req, ctx.record);
    const file = /^\/files\/([\w-]+)$/.exec(path);
    if (file && req.method === 'GET') return sendStored(res, files.get(file[1]!), { error: 'no such file' });
    if (path !== '/v1/cutout' || req.method !== 'POST') return sendJson(res, 404, { error: 'not found' });
    if (!req.headers['x-api-key']) return sendJson(res, 401, { error: 'no key' });
    const options = JSON.parse(parsed.fields.options ?? '{}') as { format?: string; background?: string };
    const format = options.format ?? 'png';
    const image = await fakeResult(parsed.fileData, format, options.background === 'transparent');
    const id = randomUUID();
    files.set(id, { data: image.data, mime: `image/${format}` });
    return sendJson(res, 200, { result: { url: `${ctx.url()}/files/${id}` } });
  });
}
