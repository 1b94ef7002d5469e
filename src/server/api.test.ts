/** The HTTP API on a real port: health, executors, validation at the edge, queueing, files, restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorsResponse, JobView } from '../recipe/index.ts';
import { gatedExecutor } from './testing/gated-executor.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitFor,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';

let server: TestServer;
let image: Buffer;
const claidRequest = {
  operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
  output: { format: 'jpeg' },
};

beforeAll(async () => {
  server = await startTestServer();
  image = await samplePng();
});
afterAll(() => server.close());

describe('meta routes', () => {
  it('GET /api/health', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, version: expect.any(String) });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /api/executors lists availability, dialects and limits', async () => {
    const body = (await (await fetch(`${server.url}/api/executors`)).json()) as ExecutorsResponse;
    expect(body.executors.map((e) => [e.id, e.available, e.dialects])).toEqual([
      ['local', true, ['claid', 'deep-image']],
      ['claid', true, ['claid']],
      ['deep-image', true, ['deep-image']],
    ]);
    expect(body.limits).toMatchObject({ maxBytes: 25 * 1024 * 1024, maxMegapixels: 50 });
    expect(body.limits.types).toContain('image/heic');
  });

  it('says why a provider is unavailable without a key', async () => {
    const bare = await startTestServer({
      env: { CLAID_API_KEY: '', DEEP_IMAGE_API_KEY: '' },
      fakes: { claid: server.claid, deepImage: server.deepImage },
    });
    try {
      const body = (await (await fetch(`${bare.url}/api/executors`)).json()) as ExecutorsResponse;
      expect(body.executors.find((e) => e.id === 'claid')).toMatchObject({
        available: false,
        reason: 'No CLAID_API_KEY is set on the server.',
      });
      const res = await postJob(
        bare.url,
        jobForm({ image, dialect: 'claid', executor: 'claid', request: claidRequest }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'executor-unavailable', path: 'executor' });
    } finally {
      await bare.close();
    }
  });

  it('security headers on every response', async () => {
    for (const path of ['/api/health', '/api/nope']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const missing = await fetch(`${server.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });
});

describe('POST /api/jobs validation at the edge', () => {
  const cases: [string, Parameters<typeof jobForm>[0], number, string, string][] = [
    ['missing dialect', { request: claidRequest, executor: 'claid' }, 400, 'missing-field', 'dialect'],
    [
      'unknown dialect',
      { dialect: 'photoshop', request: claidRequest, executor: 'claid' },
      400,
      'invalid-dialect',
      'dialect',
    ],
    ['missing executor', { dialect: 'claid', request: claidRequest }, 400, 'missing-field', 'executor'],
    [
      'unknown executor',
      { dialect: 'claid', request: claidRequest, executor: 'gpu' },
      400,
      'invalid-executor',
      'executor',
    ],
    ['missing request', { dialect: 'claid', executor: 'claid' }, 400, 'missing-field', 'request'],
    [
      'broken JSON',
      { dialect: 'claid', executor: 'claid', request: '{"operations": ' },
      400,
      'invalid-request',
      'request',
    ],
    [
      'bad value',
      {
        dialect: 'claid',
        executor: 'claid',
        request: { operations: { background: { remove: true, color: 'blue-ish' } } },
      },
      400,
      'invalid-request',
      'operations.background.color',
    ],
    [
      'no image',
      { dialect: 'claid', executor: 'claid', request: claidRequest },
      400,
      'missing-image',
      'image',
    ],
    [
      'bad imageUrl',
      { dialect: 'claid', executor: 'claid', request: claidRequest, imageUrl: 'file:///etc/passwd' },
      400,
      'invalid-url',
      'imageUrl',
    ],
  ];
  for (const [name, fields, status, code, path] of cases) {
    it(name, async () => {
      const res = await postJob(server.url, jobForm(fields));
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, path });
      expect(res.body.error!.message.length).toBeGreaterThan(10);
    });
  }

  it('rejects image and imageUrl together, unknown fields, and non-multipart bodies', async () => {
    const both = await postJob(
      server.url,
      jobForm({
        image,
        imageUrl: 'https://x.example/a.png',
        dialect: 'claid',
        executor: 'claid',
        request: claidRequest,
      }),
    );
    expect(both.body.error).toMatchObject({ code: 'image-and-url', path: 'image' });
    const form = jobForm({ image, dialect: 'claid', executor: 'claid', request: claidRequest });
    form.append('apiKey', 'x');
    const unknown = await postJob(server.url, form);
    expect(unknown.body.error).toMatchObject({ code: 'unknown-field', path: 'apiKey' });
    const json = await fetch(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });

  it('refuses cross-origin mutations', async () => {
    const res = await postJob(
      server.url,
      jobForm({ image, dialect: 'claid', executor: 'claid', request: claidRequest }),
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(res.body.error!.code).toBe('cross-origin');
    const same = await postJob(
      server.url,
      jobForm({ image, dialect: 'claid', executor: 'claid', request: claidRequest }),
      { origin: server.url },
    );
    expect(same.status).toBe(202);
  });
});

describe('jobs', () => {
  it('GET /result?wait= waits for the job and then serves the image (POST + one GET)', async () => {
    const created = await postJob(
      server.url,
      jobForm({ image, dialect: 'claid', executor: 'claid', request: claidRequest }),
    );
    const result = await fetch(`${server.url}/api/jobs/${created.body.id}/result?wait=10000`);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('image/jpeg');
    expect((await result.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('runs a job, exposes result/input, deletes it', async () => {
    const created = await postJob(
      server.url,
      jobForm({ image, dialect: 'claid', executor: 'claid', request: claidRequest }),
    );
    const view = await waitForJob(server.url, created.body.id!);
    expect(view).toMatchObject({
      status: 'done',
      progress: 1,
      executor: 'claid',
      dialect: 'claid',
      input: { type: 'image/png', width: 64, height: 48, bytes: image.length },
    });
    expect(Object.keys(view.timings).length).toBeGreaterThan(0);
    const preview = await fetch(`${server.url}/api/jobs/${view.id}/preview`);
    expect(preview.status).toBe(409);
    expect((await fetch(`${server.url}/api/jobs/${view.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${server.url}/api/jobs/${view.id}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/jobs/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/jobs/not-a-job/result`)).status).toBe(404);
  });

  it('queues a burst with positions and the executor concurrency, and cancels a queued job', async () => {
    const gate = gatedExecutor({ data: image, width: 64, height: 48 });
    const local = await startTestServer({
      executors: () => [gate.executor],
      fakes: { claid: server.claid, deepImage: server.deepImage },
    });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++)
        ids.push(
          (
            await postJob(
              local.url,
              jobForm({ image, dialect: 'claid', executor: 'local', request: claidRequest }),
            )
          ).body.id!,
        );
      const views = await Promise.all(
        ids.map(async (id) => (await (await fetch(`${local.url}/api/jobs/${id}`)).json()) as JobView),
      );
      expect(views.map((v) => [v.status, v.queuePosition])).toEqual([
        ['running', undefined],
        ['queued', 1],
        ['queued', 2],
        ['queued', 3],
      ]);
      // Long-poll: answers at the job's next change, not after the full wait.
      const waiting = fetch(`${local.url}/api/jobs/${ids[0]}?wait=20000`).then(
        (r) => r.json() as Promise<JobView>,
      );
      await new Promise((r) => setTimeout(r, 50));
      await fetch(`${local.url}/api/jobs/${ids[2]}`, { method: 'DELETE' });
      expect(((await (await fetch(`${local.url}/api/jobs/${ids[3]}`)).json()) as JobView).queuePosition).toBe(
        2,
      );
      for (let n = 0; n < 3; n++) {
        await waitFor(() => gate.running().length === 1);
        gate.release();
        if (n === 0) expect((await waiting).status).toBe('done');
      }
      const finals = await Promise.all(ids.map((id) => waitForJob(local.url, id)));
      expect(finals.map((v) => v.status)).toEqual(['done', 'done', 'cancelled', 'done']);
    } finally {
      await local.close();
    }
  });

  it('results survive a server restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-restart-'));
    const fakes = { claid: server.claid, deepImage: server.deepImage };
    const first = await startTestServer({ dataDir, fakes });
    const created = await postJob(
      first.url,
      jobForm({ image, dialect: 'claid', executor: 'claid', request: claidRequest }),
    );
    const done = await waitForJob(first.url, created.body.id!);
    const before = Buffer.from(await (await fetch(`${first.url}/api/jobs/${done.id}/result`)).arrayBuffer());
    await first.close();
    const second = await startTestServer({ dataDir, fakes });
    try {
      const view = (await (await fetch(`${second.url}/api/jobs/${done.id}`)).json()) as JobView;
      expect(view.status).toBe('done');
      const after = Buffer.from(
        await (await fetch(`${second.url}/api/jobs/${done.id}/result`)).arrayBuffer(),
      );
      expect(after.equals(before)).toBe(true);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rate-limits a client per minute', async () => {
    const limited = await startTestServer({
      env: { BACKDROP_RATE_LIMIT_PER_MINUTE: '5' },
      fakes: { claid: server.claid, deepImage: server.deepImage },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${limited.url}/api/executors`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      // Health is never limited: a busy client must not make a monitor take a healthy server out.
      for (let i = 0; i < 20; i++) expect((await fetch(`${limited.url}/api/health`)).status).toBe(200);
      const res = await fetch(`${limited.url}/api/executors`);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /limit 5 per minute/,
      );
    } finally {
      await limited.close();
    }
  });
});
