/** The Claid adapter end to end: real BFF on loopback → fake Claid. One test per documented path. */
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CANARY_CLAID,
  jobForm,
  postJob,
  samplePng,
  startAssetServer,
  startTestServer,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';

let server: TestServer;
let image: Buffer;
const removeToWhite = {
  operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
  output: { format: 'jpeg' },
};

beforeAll(async () => {
  server = await startTestServer();
  image = await samplePng();
});
afterAll(() => server.close());
beforeEach(() => server.claid.reset());

async function runWithUrl(imageUrl: string) {
  const form = jobForm({ imageUrl, dialect: 'claid', executor: 'claid', request: removeToWhite });
  const created = await postJob(server.url, form);
  expect(created.status).toBe(202);
  return waitForJob(server.url, created.body.id!);
}

async function run(request: unknown = removeToWhite) {
  const created = await postJob(server.url, jobForm({ image, dialect: 'claid', executor: 'claid', request }));
  expect(created.status).toBe(202);
  return waitForJob(server.url, created.body.id!);
}

describe('claid executor', () => {
  it('uploads file + data (no input) with the key as Bearer, stores the downloaded result', async () => {
    const view = await run({ ...removeToWhite, input: 'https://example.com/x.png' });
    expect(view.status).toBe('done');
    const upload = server.claid.requests.find((r) => r.path === '/v1-beta1/image/edit/upload')!;
    expect(upload.headers.authorization).toBe(`Bearer ${CANARY_CLAID}`);
    expect(upload.files.file?.bytes).toBe(image.length);
    const data = JSON.parse(upload.fields.data!);
    expect(data).not.toHaveProperty('input');
    expect(data.operations.background.remove).toEqual({ category: 'products' });
    expect(view.warnings.some((w) => w.path === 'input')).toBe(true);
    expect(view.providerRequestId).toMatch(/^claid-req-/);
    expect(view.rateLimit).toMatchObject({ limit: 120, resetSeconds: 60 });
    expect(view.output).toMatchObject({ type: 'image/jpeg', width: 64, height: 48 });
    const result = await fetch(`${server.url}/api/jobs/${view.id}/result`);
    expect(result.headers.get('content-type')).toBe('image/jpeg');
    expect(result.headers.get('content-disposition')).toContain('photo-backdrop.jpg');
    const bytes = Buffer.from(await result.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const input = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/input`)).arrayBuffer());
    expect(input.equals(image)).toBe(true);
  });

  it('forces PNG when the request wants transparency and names no format, and says so', async () => {
    const view = await run({
      operations: { background: { remove: { category: 'general' }, color: 'transparent' } },
    });
    expect(view.status).toBe('done');
    const data = JSON.parse(server.claid.requests.at(-2)!.fields.data!);
    expect(data.output.format).toBe('png');
    expect(view.warnings.some((w) => w.path === 'output.format' && /PNG/.test(w.message))).toBe(true);
    expect(view.output?.type).toBe('image/png');
  });

  it('streams a large (>8 MB) result to disk and serves it intact', async () => {
    const side = 1800;
    const noise = Buffer.alloc(side * side * 3);
    for (let i = 0, seed = 7; i < noise.length; i++)
      noise[i] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    const big = await sharp(noise, { raw: { width: side, height: side, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    // The fake encodes a 10 MB PNG; on a busy machine that takes longer than the suite's 3 s timeout.
    const patient = await startTestServer({
      env: { BACKDROP_PROVIDER_TIMEOUT_MS: '30000' },
      fakes: { claid: server.claid, deepImage: server.deepImage },
    });
    try {
      const request = { ...removeToWhite, output: { format: 'png' } };
      const created = await postJob(
        patient.url,
        jobForm({ image: big, dialect: 'claid', executor: 'claid', request }),
      );
      const view = await waitForJob(patient.url, created.body.id!, 50_000);
      expect(view.status).toBe('done');
      expect(view.output!.bytes).toBeGreaterThan(8 * 1024 * 1024);
      const result = Buffer.from(
        await (await fetch(`${patient.url}/api/jobs/${view.id}/result`)).arrayBuffer(),
      );
      expect(result.length).toBe(view.output!.bytes);
      expect((await sharp(result).metadata()).width).toBe(side);
    } finally {
      await patient.close();
    }
  }, 90_000);

  it('honours CLAID_API_PREFIX=/v1', async () => {
    const v1 = await startTestServer({
      env: { CLAID_API_PREFIX: 'v1' },
      fakes: { claid: server.claid, deepImage: server.deepImage },
    });
    try {
      const created = await postJob(
        v1.url,
        jobForm({ image, dialect: 'claid', executor: 'claid', request: removeToWhite }),
      );
      expect((await waitForJob(v1.url, created.body.id!)).status).toBe('done');
      expect(server.claid.requests.some((r) => r.path === '/v1/image/edit/upload')).toBe(true);
    } finally {
      await v1.close();
    }
  });

  const errorCases: [string, number, unknown, string, RegExp][] = [
    [
      '401',
      401,
      { error_code: 'unauthorized', error_type: 'auth', error_message: 'Invalid API key' },
      'invalid-key',
      /CLAID_API_KEY/,
    ],
    [
      '403',
      403,
      { error_code: 'forbidden', error_type: 'auth', error_message: 'Missing scope image_editing' },
      'forbidden',
      /scope/,
    ],
    [
      '402',
      402,
      { error_code: 'no_credits', error_type: 'billing', error_message: 'Not enough credits' },
      'no-credits',
      /out of credits/,
    ],
    [
      '404',
      404,
      { error_code: 'not_found', error_type: 'general', error_message: 'Not found' },
      'provider-not-found',
      /CLAID_API_PREFIX/,
    ],
    [
      '409',
      409,
      { error_code: 'conflict', error_type: 'general', error_message: 'Conflict' },
      'provider-conflict',
      /conflict/,
    ],
  ];
  for (const [name, status, body, code, message] of errorCases) {
    it(`maps ${name} to ${code}`, async () => {
      server.claid.script({ kind: 'error', status, body });
      const view = await run();
      expect(view.status).toBe('failed');
      expect(view.error).toMatchObject({ code, executor: 'claid' });
      expect(view.error!.message).toMatch(message);
      expect(view.error!.requestId).toMatch(/^claid-req-/);
    });
  }

  it('maps 400 error_details to the request path', async () => {
    server.claid.script({
      kind: 'error',
      status: 400,
      body: {
        error_code: 'validation',
        error_type: 'validation',
        error_message: 'Invalid request',
        error_details: { 'operations.background.color': ['Invalid color'] },
      },
    });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'invalid-request', path: 'operations.background.color' });
    expect(view.error!.message).toContain('Invalid color');
  });

  it('maps a FastAPI 422 detail to the request path', async () => {
    server.claid.script({
      kind: 'error',
      status: 422,
      body: {
        detail: [
          {
            loc: ['body', 'operations', 'background', 'blur', 'level'],
            msg: 'value is not a valid enumeration member',
            type: 'type_error.enum',
          },
        ],
      },
    });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'invalid-request', path: 'operations.background.blur.level' });
  });

  it('waits for RateLimit-Reset on 429 and then succeeds', async () => {
    server.claid.script({
      kind: 'error',
      status: 429,
      body: {
        detail: { error_code: 'rate_limit', error_type: 'rate_limit', error_message: 'Too many requests' },
      },
      headers: { 'ratelimit-reset': '0.2', 'ratelimit-remaining': '0', 'ratelimit-limit': '120' },
    });
    const started = Date.now();
    const view = await run();
    expect(view.status).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(server.claid.requests.filter((r) => r.path.endsWith('/upload'))).toHaveLength(2);
  });

  it('gives up on 429 after bounded retries with the reset time', async () => {
    const step = {
      kind: 'error' as const,
      status: 429,
      body: { detail: { error_code: 'rate_limit', error_message: 'Too many requests' } },
      headers: { 'ratelimit-reset': '0.01' },
    };
    server.claid.script(step, step, step, step, step);
    const view = await run();
    expect(view.error).toMatchObject({ code: 'rate-limited' });
    expect(view.error!.message).toMatch(/resets in 0.01 s/);
    expect(server.claid.requests.filter((r) => r.path.endsWith('/upload'))).toHaveLength(4);
  });

  it('refuses to wait longer than the bounded wait when RateLimit-Reset is far away', async () => {
    server.claid.script({
      kind: 'error',
      status: 429,
      body: { detail: { error_message: 'slow down' } },
      headers: { 'ratelimit-reset': '3600' },
    });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'rate-limited' });
    expect(server.claid.requests.filter((r) => r.path.endsWith('/upload'))).toHaveLength(1);
  });

  it('retries a 500 and then succeeds', async () => {
    server.claid.script({
      kind: 'error',
      status: 500,
      body: { error_code: 'internal', error_type: 'general', error_message: 'boom' },
    });
    const view = await run();
    expect(view.status).toBe('done');
  });

  it('fails with claid-unavailable after persistent 5xx', async () => {
    const step = { kind: 'raw' as const, status: 503, text: '<html>Service Unavailable</html>' };
    server.claid.script(step, step, step, step);
    const view = await run();
    expect(view.error).toMatchObject({ code: 'claid-unavailable' });
    expect(view.error!.message).toMatch(/non-JSON/);
  });

  it('handles a garbage (non-JSON) 200 body', async () => {
    server.claid.script({ kind: 'raw', status: 200, text: 'definitely not json' });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'provider-bad-response' });
  });

  it('times out a hanging response', async () => {
    server.claid.script({ kind: 'hang' });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'provider-timeout' });
    expect(view.error!.message).toMatch(/3 s/);
  });

  it('reports a result URL that 404s', async () => {
    server.claid.script({ kind: 'expired-result' });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'result-download-failed' });
    expect(view.error!.message).toMatch(/404/);
  });

  it('cancels a job whose provider call hangs (the call is aborted)', async () => {
    server.claid.script({ kind: 'hang' });
    const created = await postJob(
      server.url,
      jobForm({ image, dialect: 'claid', executor: 'claid', request: removeToWhite }),
    );
    const id = created.body.id!;
    for (let i = 0; i < 100 && !server.claid.requests.some((r) => r.path.endsWith('/upload')); i++)
      await new Promise((r) => setTimeout(r, 10));
    const cancelled = await fetch(`${server.url}/api/jobs/${id}`, { method: 'DELETE' });
    expect(await cancelled.json()).toEqual({ id, status: 'cancelled' });
    const view = await waitForJob(server.url, id);
    expect(view.status).toBe('cancelled');
    expect(view.error).toBeUndefined();
    const stats = server.services.queue.stats().find((s) => s.executor === 'claid')!;
    expect(stats.running).toBe(0);
  });

  it('refuses a deep-image request on claid and suggests translating', async () => {
    const res = await postJob(
      server.url,
      jobForm({
        image,
        dialect: 'deep-image',
        executor: 'claid',
        request: { background: { remove: 'auto' } },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'dialect-mismatch', path: 'executor' });
    expect(res.body.error!.message).toMatch(/Translate/);
  });

  it('passes an imageUrl through to /image/edit as input, and keeps a copy for the "before" view', async () => {
    const assets = await startAssetServer({ '/shoe.png': { type: 'image/png', body: image } });
    try {
      const photoUrl = `${assets.origin}/shoe.png`;
      const view = await runWithUrl(photoUrl);
      expect(view.status).toBe('done');
      const call = server.claid.requests.find((r) => r.path === '/v1-beta1/image/edit')!;
      expect((call.json as { input: string }).input).toBe(photoUrl);
      expect(view.input).toMatchObject({ type: 'image/png', width: 64, height: 48 });
      const input = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/input`)).arrayBuffer());
      expect(input.equals(image)).toBe(true);
      expect(view.warnings.some((w) => w.path === 'imageUrl')).toBe(false);

      // A photo we cannot fetch ourselves does not fail the job: the provider fetched it; a warning says so.
      const missing = await runWithUrl(`${assets.origin}/gone.png`);
      expect(missing.status).toBe('done');
      expect(missing.warnings.find((w) => w.path === 'imageUrl')?.message).toMatch(/"before" view: .*404/);
      expect((await fetch(`${server.url}/api/jobs/${missing.id}/input`)).status).toBe(404);
    } finally {
      await assets.close();
    }
  });
});
