/**
 * Canary keys: run a full mix of requests (successes, every provider error, hostile inputs, and fake
 * providers that echo the key in every field they can: messages, error codes, paths, FastAPI detail
 * locations, error_details keys, job ids, x-request-id, result URLs, result image metadata, a non-JSON
 * body cut into a snippet mid-key, a warning, a batch with its records and archive manifests) and scan
 * every response body and header, every log line and every file the store wrote: not one piece of a key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../recipe/index.ts';
import { MIN_PIECE } from '../redaction.ts';
import { batchForm, openArchive, postBatch, waitForBatch } from '../testing/batches.ts';
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

const CLAID_REQUEST = { operations: { background: { remove: true, color: '#FFFFFF' } } };

const echo = (status: number, times = 1): ScriptStep[] =>
  Array.from({ length: times }, () => ({ kind: 'echo-key', status }));

/** A non-JSON error body whose key straddles the 80-character cut of the snippet quoted in the message. */
const cutSnippet = (key: string): ScriptStep => ({
  kind: 'raw',
  status: 400,
  contentType: 'text/plain',
  text: `${'x'.repeat(70)} ${key} trailing`,
});

/** One job per entry: the steps its provider calls consume (retried 5xx and 429 take several). */
const CLAID_JOBS: ScriptStep[][] = [
  [{ kind: 'ok' }],
  [
    {
      kind: 'error',
      status: 401,
      body: {
        error_code: 'unauthorized',
        error_type: 'auth',
        error_message: `Invalid API key ${CANARY_CLAID}`,
      },
    },
  ],
  [{ kind: 'error', status: 402, body: { error_message: 'credits' } }],
  [{ kind: 'raw', status: 500, text: `<html>${CANARY_CLAID}</html>` }, ...echo(500, 3)],
  [{ kind: 'expired-result' }],
  [cutSnippet(CANARY_CLAID)],
  ...[200, 400, 401, 402, 403, 404, 409, 413, 422, 429].map((status) => echo(status)),
  echo(500, 4),
];
const DEEP_JOBS: ScriptStep[][] = [
  [{ kind: 'ok' }],
  [{ kind: 'async', polls: 2 }],
  [{ kind: 'error', status: 400, body: { message: 'Not enough credits', code: 'NOT_ENOUGH_CREDITS' } }],
  [{ kind: 'echo-key', status: 200 }],
  [{ kind: 'echo-key', status: 200, polls: 2 }],
  [cutSnippet(CANARY_DEEP)],
  ...[400, 401, 403, 404, 500].map((status) => echo(status)),
  echo(429, 4),
];

/** Redirects every request to a host named after the key, so the "before" fetch's warning names it. */
let redirector: http.Server;
let redirectorUrl = '';

beforeAll(async () => {
  server = await startTestServer();
  redirector = http.createServer((_req, res) =>
    res.writeHead(302, { location: `http://${CANARY_CLAID}.localhost/photo.png` }).end(),
  );
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/photo.png`;
});
afterAll(async () => {
  redirector.close();
  await server.close();
});

describe('canary keys', () => {
  it('never appear, whole or in pieces, in any response, header, log line or stored file', async () => {
    const image = await samplePng();
    const ids: string[] = [];
    const post = async (form: FormData) => {
      const res = await call('/api/jobs', { method: 'POST', body: form });
      if (res.status === 202) ids.push(((await res.json()) as { id: string }).id);
    };
    const views: JobView[] = [];
    for (const [executor, jobs, request] of [
      ['claid', CLAID_JOBS, CLAID_REQUEST],
      ['deep-image', DEEP_JOBS, { background: { remove: 'auto', color: 'transparent' } }],
    ] as const) {
      for (const steps of jobs) {
        (executor === 'claid' ? server.claid : server.deepImage).script(...steps);
        await post(jobForm({ image, dialect: executor, executor, request }));
        views.push(await waitForJob(server.url, ids.at(-1)!));
      }
    }
    // A warning: the "before" view's fetch of imageUrl is redirected to a host named after the key.
    server.claid.script({ kind: 'ok' });
    await post(
      jobForm({ imageUrl: redirectorUrl, dialect: 'claid', executor: 'claid', request: CLAID_REQUEST }),
    );
    const warned = await waitForJob(server.url, ids.at(-1)!);
    // A batch: its items' records, the batch record, its view and both manifests in the archive.
    server.claid.script(...echo(422), ...echo(400), ...echo(200));
    const batch = await postBatch(
      server.url,
      batchForm({ dialect: 'claid', executor: 'claid', request: CLAID_REQUEST }, [
        { name: 'a.png', data: image },
        { name: 'b.png', data: image },
        { name: 'c.png', data: image },
      ]),
    );
    expect(batch.status).toBe(202);
    const batchView = await waitForBatch(server.url, batch.body.id);
    await call(`/api/batches/${batch.body.id}?limit=500`);
    const archive = await openArchive(server.url, batch.body.id);
    seen.push(archive.names.join('\n'), archive.csv, JSON.stringify(archive.manifest));

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

    // The echoes really reached the fields they target, and were redacted there.
    const errors = views.map((v) => v.error).filter((e) => e !== undefined);
    expect(errors.map((e) => e.code)).toEqual(
      expect.arrayContaining(['invalid-key', 'no-credits', 'invalid-request']),
    );
    expect(errors.filter((e) => e.path?.includes('[redacted]')).length).toBeGreaterThanOrEqual(2);
    expect(errors.filter((e) => e.requestId === '[redacted]').length).toBeGreaterThan(10);
    expect(views.filter((v) => v.providerRequestId === '[redacted]').length).toBeGreaterThan(10);
    const reencoded = views.filter((v) =>
      v.warnings.some((w) => w.message.includes('re-encoded without metadata')),
    );
    expect(reencoded.map((v) => v.executor).sort()).toEqual(['claid', 'deep-image', 'deep-image']);
    expect(views.filter((v) => v.status === 'done')).toHaveLength(6);
    const snippets = errors.filter((e) => e.message.includes('non-JSON'));
    expect(snippets.map((e) => e.executor).sort()).toEqual(['claid', 'deep-image']);
    for (const snippet of snippets) expect(snippet.message).toContain('x [redacted]');
    expect(warned.status).toBe('done');
    expect(warned.warnings.map((w) => w.message).join(' ')).toMatch(
      /could not fetch the photo for the "before" view: imageUrl: \[redacted\]\.localhost is not a public host/,
    );
    expect(batchView.counts).toMatchObject({ done: 1, failed: 2 });
    expect(archive.manifest.items.map((item) => item.status).sort()).toEqual(['done', 'failed', 'failed']);
    expect(archive.csv).toContain('[redacted]');

    expect(server.logs.length).toBeGreaterThan(20);
    await server.services.store.close();
    const stored = filesUnder(server.config.dataDir);
    expect(stored.filter((f) => f.endsWith('.json')).length).toBeGreaterThan(20);
    expect(stored.filter((f) => f.includes('batches') && f.endsWith('.json'))).toHaveLength(1);
    // Six results, less the first job's (deleted above), plus the warned job's and the batch's one.
    expect(stored.filter((f) => f.endsWith('.result'))).toHaveLength(7);
    const haystacks = [
      seen.join('\n'),
      server.logs.join('\n'),
      ...stored.map((f) => readFileSync(f, 'latin1')),
    ];
    for (const haystack of haystacks) {
      for (const key of [CANARY_CLAID, CANARY_DEEP]) {
        for (let i = 0; i + MIN_PIECE <= key.length; i++)
          expect(haystack).not.toContain(key.slice(i, i + MIN_PIECE));
      }
    }
  });
});
