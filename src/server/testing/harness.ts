/**
 * Test harness: the real app on a random 127.0.0.1 port with a temp data dir, optional fake providers,
 * and captured log lines. Every test file starts its own and closes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import sharp from 'sharp';
import type { JobView } from '../../recipe/index.ts';
import { createApp } from '../app.ts';
import { HttpError } from '../errors.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Executor } from '../executors/types.ts';
import { createLogger } from '../log.ts';
import { createServices, type Services } from '../services.ts';
import { startFakeClaid } from './fake-claid.ts';
import { startFakeDeepImage } from './fake-deep-image.ts';
import type { FakeServer } from './fake-http.ts';

export const CANARY_CLAID = 'claid-canary-7f3a9c1e5b2d4f6a8e0c';
export const CANARY_DEEP = 'deep-canary-2b4d6f8a0c1e3a5c7e9b';

export interface TestServer {
  url: string;
  config: Config;
  services: Services;
  logs: string[];
  claid: FakeServer;
  deepImage: FakeServer & { deleted: string[] };
  /** Stops the HTTP server and the services, keeping the data dir (for restart tests). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  executors?: (config: Config) => Executor[];
  dataDir?: string;
  /** Listen on this port (a restart test brings a server back where its clients expect it); default: any free one. */
  port?: number;
  staticDir?: string;
  fakes?: { claid: FakeServer; deepImage: FakeServer & { deleted: string[] } };
}

export async function startTestServer(options: HarnessOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'backdrop-test-'));
  const ownFakes = !options.fakes;
  const claid = options.fakes?.claid ?? (await startFakeClaid());
  const deepImage = options.fakes?.deepImage ?? (await startFakeDeepImage());
  const config = loadConfig(
    {
      CLAID_API_KEY: CANARY_CLAID,
      DEEP_IMAGE_API_KEY: CANARY_DEEP,
      CLAID_BASE_URL: claid.url,
      DEEP_IMAGE_BASE_URL: deepImage.url,
      BACKDROP_DATA_DIR: dataDir,
      BACKDROP_FETCH_ALLOW_HOSTS: '127.0.0.1',
      BACKDROP_POLL_INTERVAL_MS: '20',
      BACKDROP_POLL_TIMEOUT_MS: '2000',
      BACKDROP_PROVIDER_TIMEOUT_MS: '3000',
      BACKDROP_MAX_RATE_LIMIT_WAIT_MS: '2000',
      BACKDROP_RATE_LIMIT_PER_MINUTE: '100000',
      BACKDROP_JOBS_PER_MINUTE: '100000',
      ...options.env,
    },
    { envFile: null, cores: 2 },
  );
  const logs: string[] = [];
  const log = createLogger(config.secrets(), (line) => logs.push(line));
  const services = await createServices(config, {
    log,
    backoffMs: 10,
    ...(options.executors ? { executors: options.executors(config) } : {}),
  });
  const app = createApp(config, services, options.staticDir ? { staticDir: options.staticDir } : {});
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await new Promise<void>((done) => {
      server.close(() => done());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
    await services.close();
  };
  return {
    url,
    config,
    services,
    logs,
    claid,
    deepImage,
    stop,
    async close() {
      await stop();
      if (ownFakes) await Promise.all([claid.close(), deepImage.close()]);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A plain image host on 127.0.0.1 (allow-listed by the harness's fetch guard): serves `files` by path,
 * 404 for anything else. Stands in for the public URLs users give as imageUrl or backdrops.
 */
export async function startAssetServer(
  files: Record<string, { type: string; body: Buffer }>,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A small real photo-like PNG (gradient + a disc) for uploads. */
export async function samplePng(width = 64, height = 48): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#dde"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#c33"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function jobForm(fields: {
  image?: Buffer;
  imageName?: string;
  imageUrl?: string;
  dialect?: string;
  request?: unknown;
  executor?: string;
  backgroundImage?: Buffer;
  subjectBox?: string;
  mask?: Buffer;
}): FormData {
  const form = new FormData();
  if (fields.image)
    form.append(
      'image',
      new Blob([new Uint8Array(fields.image)], { type: 'image/png' }),
      fields.imageName ?? 'photo.png',
    );
  if (fields.imageUrl) form.append('imageUrl', fields.imageUrl);
  if (fields.dialect !== undefined) form.append('dialect', fields.dialect);
  if (fields.request !== undefined)
    form.append(
      'request',
      typeof fields.request === 'string' ? fields.request : JSON.stringify(fields.request),
    );
  if (fields.executor !== undefined) form.append('executor', fields.executor);
  if (fields.backgroundImage)
    form.append('backgroundImage', new Blob([new Uint8Array(fields.backgroundImage)]), 'bg.png');
  if (fields.subjectBox !== undefined) form.append('subjectBox', fields.subjectBox);
  if (fields.mask)
    form.append('mask', new Blob([new Uint8Array(fields.mask)], { type: 'image/png' }), 'mask.png');
  return form;
}

export async function postJob(
  url: string,
  form: FormData,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { id?: string; error?: { code: string; message: string; path?: string } };
}> {
  const res = await fetch(`${url}/api/jobs`, { method: 'POST', body: form, headers });
  return { status: res.status, body: (await res.json()) as { id?: string } };
}

/** Polls until the job leaves queued/running (bounded). */
export async function waitForJob(
  url: string,
  id: string,
  timeoutMs = 20_000,
  headers: Record<string, string> = {},
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await (await fetch(`${url}/api/jobs/${id}`, { headers })).json()) as JobView;
    if (view.status !== 'queued' && view.status !== 'running') return view;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${view.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The HttpError a promise rejects with; throws when it resolves or rejects with anything else. */
export async function refusalOf(promise: Promise<unknown>): Promise<HttpError> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('error' in outcome && outcome.error instanceof HttpError) return outcome.error;
  throw new Error(
    `Expected a refusal (HttpError), got ${'error' in outcome ? String(outcome.error) : 'success'}`,
  );
}
