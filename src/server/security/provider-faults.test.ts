/**
 * A hostile or broken provider: every fault ends the job with a code that says what happened (never a
 * crash, a hang or a 5xx from our API), the server stays healthy, and a rate limit carries the
 * provider's retry time (`retryAfterSeconds`, `retryAt`) so a batch knows when it may resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../recipe/index.ts';
import { MAX_RETRY_AFTER_SECONDS } from '../executors/provider-http.ts';
import type { ScriptStep } from '../testing/fake-http.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitForJob,
  type TestServer,
} from '../testing/harness.ts';

let server: TestServer;
let image: Buffer;
const REQUESTS = {
  claid: { operations: { background: { remove: true, color: '#FFFFFF' } } },
  'deep-image': { background: { remove: 'auto', color: '#FFFFFF' } },
} as const;

beforeAll(async () => {
  server = await startTestServer({
    env: { BACKDROP_PROVIDER_TIMEOUT_MS: '600', BACKDROP_POLL_TIMEOUT_MS: '600' },
  });
  image = await samplePng();
});
afterAll(() => server.close());

async function run(executor: 'claid' | 'deep-image', ...steps: ScriptStep[]): Promise<JobView> {
  const fake = executor === 'claid' ? server.claid : server.deepImage;
  fake.reset();
  fake.script(...steps);
  const created = await postJob(
    server.url,
    jobForm({ image, dialect: executor, executor, request: REQUESTS[executor] }),
  );
  expect(created.status).toBe(202);
  return waitForJob(server.url, created.body.id!);
}

const calls = (executor: 'claid' | 'deep-image') =>
  (executor === 'claid' ? server.claid : server.deepImage).requests.filter((r) =>
    /upload|process_result/.test(r.path),
  ).length;

describe('rate limits carry the time to resume', () => {
  it('Claid 429 with Retry-After: 3600 fails at once (one call), with retryAfterSeconds and retryAt', async () => {
    const view = await run('claid', {
      kind: 'error',
      status: 429,
      body: { detail: { error_code: 'rate_limit', error_message: 'Too many requests' } },
      headers: { 'retry-after': '3600' },
    });
    expect(calls('claid')).toBe(1);
    expect(view.error).toMatchObject({ code: 'rate-limited', retryAfterSeconds: 3600 });
    expect(view.error!.message).toContain('resets in 3600 s');
    expect(view.retryAfterSeconds).toBe(3600);
    expect(Date.parse(view.retryAt!) - Date.parse(view.finishedAt!)).toBe(3_600_000);
  });

  it('an absurd Retry-After (1e20 s, 400 nines, the year 200000) is capped at a year; the job still ends', async () => {
    for (const [executor, retryAfter] of [
      ['claid', '100000000000000000000'],
      ['deep-image', 'Tue, 01 Jan 200000 00:00:00 GMT'],
      ['claid', '9'.repeat(400)],
    ] as const) {
      const view = await run(executor, {
        kind: 'error',
        status: 429,
        body: { message: 'Too many requests', error_message: 'Too many requests' },
        headers: { 'retry-after': retryAfter },
      });
      expect(view.status, retryAfter).toBe('failed');
      expect(view.error?.code, retryAfter).toBe('rate-limited');
      expect(view.retryAfterSeconds, retryAfter).toBe(MAX_RETRY_AFTER_SECONDS);
      expect(Date.parse(view.retryAt!) - Date.parse(view.finishedAt!)).toBe(MAX_RETRY_AFTER_SECONDS * 1000);
    }
  });

  it('Deep-Image 429 with Retry-After as an HTTP-date two hours ahead', async () => {
    const at = new Date(Date.now() + 2 * 3600_000).toUTCString();
    const step: ScriptStep = {
      kind: 'error',
      status: 429,
      body: { message: 'Too many jobs' },
      headers: { 'retry-after': at },
    };
    const view = await run('deep-image', step);
    expect(calls('deep-image')).toBe(1);
    expect(view.error?.code).toBe('rate-limited');
    expect(view.retryAfterSeconds).toBeGreaterThan(7190);
    expect(view.retryAfterSeconds).toBeLessThanOrEqual(7200);
    expect(view.error!.message).toMatch(/asks to wait 7\d{3} s/);
  });

  it('a 503 with Retry-After, after the bounded retries, still carries it', async () => {
    const step: ScriptStep = {
      kind: 'error',
      status: 503,
      body: { error_message: 'maintenance' },
      headers: { 'retry-after': '120' },
    };
    const view = await run('claid', step, step, step, step);
    expect(view.error).toMatchObject({ code: 'claid-unavailable', retryAfterSeconds: 120 });
    expect(view.retryAfterSeconds).toBe(120);
  });

  it('our own 429 carries retryAfterSeconds equal to its Retry-After header', async () => {
    const limited = await startTestServer({
      env: { BACKDROP_RATE_LIMIT_PER_MINUTE: '2' },
      fakes: { claid: server.claid, deepImage: server.deepImage },
    });
    try {
      let res: Response | undefined;
      for (let i = 0; i < 3; i++) res = await fetch(`${limited.url}/api/executors`);
      expect(res!.status).toBe(429);
      const body = (await res!.json()) as { error: { retryAfterSeconds: number } };
      expect(body.error.retryAfterSeconds).toBe(Number(res!.headers.get('retry-after')));
    } finally {
      await limited.close();
    }
  });
});

describe('faults end the job with a code; the API never answers 5xx', () => {
  const raw502: ScriptStep = { kind: 'raw', status: 502, text: '<html>bad gateway</html>' };
  const cases: [string, 'claid' | 'deep-image', string, ScriptStep[]][] = [
    ['a hanging answer', 'claid', 'provider-timeout', [{ kind: 'hang' }]],
    ['a hanging answer', 'deep-image', 'provider-timeout', [{ kind: 'hang' }]],
    [
      'a garbage 200 body',
      'claid',
      'provider-bad-response',
      [{ kind: 'raw', status: 200, text: '\u0000\u00ff no' }],
    ],
    [
      'a garbage 200 body',
      'deep-image',
      'provider-bad-response',
      [{ kind: 'raw', status: 200, text: '{"status":' }],
    ],
    ['a persistent 502', 'claid', 'claid-unavailable', [raw502, raw502, raw502, raw502]],
    ['a persistent 502', 'deep-image', 'deep-image-unavailable', [raw502, raw502, raw502, raw502]],
    [
      'a redirect towards cloud metadata (never followed)',
      'claid',
      'provider-unreachable',
      Array.from({ length: 4 }, () => ({
        kind: 'error' as const,
        status: 302,
        body: {},
        headers: { location: 'http://169.254.169.254/latest/meta-data' },
      })),
    ],
    ['an expired result URL', 'claid', 'result-download-failed', [{ kind: 'expired-result' }]],
    ['an expired result URL', 'deep-image', 'result-download-failed', [{ kind: 'expired-result' }]],
    ['a job that never completes', 'deep-image', 'provider-timeout', [{ kind: 'async', polls: Infinity }]],
  ];
  it.each(cases)('%s from %s → %s', async (_name, executor, code, steps) => {
    const view = await run(executor, ...steps);
    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({ code, executor });
    expect(view.error!.message.length).toBeGreaterThan(20);
    expect((await fetch(`${server.url}/api/jobs/${view.id}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/jobs/${view.id}/result`)).status).toBe(409);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
