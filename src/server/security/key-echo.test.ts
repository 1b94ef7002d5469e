/**
 * Canary keys: run a full mix of requests (successes, every provider error, hostile inputs) and scan
 * every response body and header, every log line and the store's record files for the keys: zero hits.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptStep } from '../testing/fake-http.ts';
import {
  CANARY_CLAID,
  CANARY_DEEP,
  jobForm,
  samplePng,
  startTestServer,
  waitForJob,
  type TestServer,
} from '../testing/harness.ts';

let server: TestServer;
const seen: string[] = [];

async function call(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${server.url}${path}`, init);
  const body = Buffer.from(await res.arrayBuffer());
  seen.push(`${res.status} ${JSON.stringify([...res.headers])} ${body.toString('latin1')}`);
  return new Response(body, { status: res.status, headers: res.headers });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('canary keys', () => {
  it('never appear in any response, header, log line or stored file', async () => {
    const image = await samplePng();
    const claidSteps: ScriptStep[] = [
      { kind: 'ok' },
      // A provider that echoes the key back must not make us echo it too.
      {
        kind: 'error',
        status: 401,
        body: {
          error_code: 'unauthorized',
          error_type: 'auth',
          error_message: `Invalid API key ${CANARY_CLAID}`,
        },
      },
      { kind: 'error', status: 403, body: { error_message: 'scope' } },
      { kind: 'error', status: 402, body: { error_message: 'credits' } },
      {
        kind: 'error',
        status: 422,
        body: { detail: [{ loc: ['body', 'operations'], msg: `bad ${CANARY_CLAID}`, type: 'x' }] },
      },
      { kind: 'raw', status: 500, text: `<html>${CANARY_CLAID}</html>` },
      { kind: 'raw', status: 500, text: 'x' },
      { kind: 'raw', status: 500, text: 'x' },
      { kind: 'raw', status: 500, text: 'x' },
      { kind: 'expired-result' },
    ];
    const deepSteps: ScriptStep[] = [
      { kind: 'ok' },
      { kind: 'async', polls: 2 },
      { kind: 'error', status: 404, body: { message: `No user found for provided token ${CANARY_DEEP}` } },
      { kind: 'error', status: 400, body: { message: 'Not enough credits', code: 'NOT_ENOUGH_CREDITS' } },
      {
        kind: 'error',
        status: 500,
        body: { message: `failed for ${CANARY_DEEP}`, status: 'failed', job: 'j' },
      },
    ];
    server.claid.script(...claidSteps);
    server.deepImage.script(...deepSteps);
    const ids: string[] = [];
    const post = async (form: FormData) => {
      const res = await call('/api/jobs', { method: 'POST', body: form });
      if (res.status === 202) ids.push(((await res.json()) as { id: string }).id);
    };
    for (let i = 0; i < 7; i++) {
      await post(
        jobForm({
          image,
          dialect: 'claid',
          executor: 'claid',
          request: { operations: { background: { remove: true, color: '#FFFFFF' } } },
        }),
      );
      await waitForJob(server.url, ids.at(-1)!);
    }
    for (let i = 0; i < deepSteps.length; i++) {
      await post(
        jobForm({
          image,
          dialect: 'deep-image',
          executor: 'deep-image',
          request: { background: { remove: 'auto', color: 'transparent' } },
        }),
      );
      await waitForJob(server.url, ids.at(-1)!);
    }
    await post(jobForm({ image, dialect: 'claid', executor: 'deep-image', request: {} }));
    await post(jobForm({ image: Buffer.from('nope'), dialect: 'claid', executor: 'claid', request: {} }));
    await post(jobForm({ dialect: 'claid', executor: 'claid', request: '{"operations":' }));
    await call('/api/jobs', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: jobForm({}),
    });
    await call('/api/health');
    await call('/api/executors');
    await call('/sign-in');
    await call('/api/jobs/00000000-0000-0000-0000-000000000000');
    for (const id of ids) {
      for (const suffix of ['', '/result', '/input', '/preview']) await call(`/api/jobs/${id}${suffix}`);
    }
    await call(`/api/jobs/${ids[0]}`, { method: 'DELETE' });

    const views = seen.join('\n');
    expect(views).toContain('invalid-key');
    expect(views).toContain('no-credits');
    expect(views).toContain('[redacted]');
    expect(server.logs.length).toBeGreaterThan(20);
    await server.services.store.close();
    const stored = filesUnder(server.config.dataDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(f, 'latin1'));
    expect(stored.length).toBeGreaterThan(0);
    for (const haystack of [views, server.logs.join('\n'), ...stored]) {
      for (const key of [CANARY_CLAID, CANARY_DEEP]) {
        expect(haystack.includes(key)).toBe(false);
        // Neither a prefix long enough to identify the key.
        expect(haystack.includes(key.slice(0, 16))).toBe(false);
      }
    }
  });
});
