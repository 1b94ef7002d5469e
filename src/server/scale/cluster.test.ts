/**
 * Redis mode with real processes: one API and two workers against a fake Claid (PROVIDERS.md). A
 * provider's concurrency limit holds across workers; a batch spreads over both; DELETE on the API aborts
 * the provider call on the worker that makes it; an API restart mid-job is invisible to a long-polling
 * client; Redis going away answers 503 and the cluster recovers when it is back, restarting nothing.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { JobView } from '../../recipe/index.ts';
import { batchForm, postBatch, waitForBatch } from '../testing/batches.ts';
import type { NodeProcess } from '../testing/cluster.ts';
import { startFakeClaid, type FakeServer } from '../testing/index.ts';
import { jobForm, postJob, waitFor } from '../testing/harness.ts';
import { freePort } from '../testing/server-process.ts';
import { photo, startCluster, view, type Cluster } from './fixtures.ts';

const CLAID_REQUEST = { operations: { background: { remove: true } }, output: { format: 'png' } };

let cluster: Cluster;
let claid: FakeServer;
let claidQueue: Queue;
let api: NodeProcess;
let workers: NodeProcess[];
let apiPort: number;
let image: Buffer;

const env = () => ({
  CLAID_API_KEY: 'claid-test-key-for-the-scale-tests',
  CLAID_BASE_URL: claid.url,
  BACKDROP_FETCH_ALLOW_HOSTS: '127.0.0.1',
  BACKDROP_CLAID_CONCURRENCY: '2',
  // One call at a time per worker, so a batch needs both to keep two calls going.
  BACKDROP_WORKER_CONCURRENCY: '1',
  BACKDROP_PROVIDER_TIMEOUT_MS: '20000',
});
/** The API listens where its clients expect it, also after a restart. */
const apiEnv = () => ({ ...env(), PORT: String(apiPort) });

beforeAll(async () => {
  claid = await startFakeClaid();
  cluster = await startCluster();
  apiPort = await freePort();
  image = await photo();
  api = await cluster.start('api', apiEnv());
  workers = await Promise.all([cluster.start('worker', env()), cluster.start('worker', env())]);
  claidQueue = new Queue('backdrop-claid', { connection: { url: cluster.redis.url } });
}, 120_000);
afterAll(async () => {
  // While Redis is still up: a BullMQ queue closing after it would wait for a reconnect forever.
  await claidQueue?.close();
  await cluster?.close();
  await claid?.close();
});

async function postClaid(): Promise<string> {
  const created = await postJob(
    api.url,
    jobForm({ image, dialect: 'claid', executor: 'claid', request: CLAID_REQUEST }),
  );
  expect(created.status).toBe(202);
  return created.body.id!;
}

/** Long-polls like the app does, riding out an API that is away (connection refused) meanwhile. */
async function pollUntilEnded(id: string, timeoutMs: number): Promise<{ view: JobView; outages: number }> {
  const deadline = Date.now() + timeoutMs;
  let outages = 0;
  while (Date.now() < deadline) {
    try {
      const job = await view(api.url, id, 5_000);
      if (job.status !== 'queued' && job.status !== 'running') return { view: job, outages };
    } catch {
      outages++;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`job ${id} did not end within ${timeoutMs} ms`);
}

describe('an API and two workers on Redis', () => {
  it('workers together never exceed Claid’s configured concurrency of 2', async () => {
    // Alone, these workers could run 1 + 1 + 2 = 4 calls at once: only the shared limit keeps it at 2.
    const third = await cluster.start('worker', { ...env(), BACKDROP_WORKER_CONCURRENCY: '2' });
    // Also when the test fails: a third worker left running would take the later tests' jobs.
    onTestFinished(() => third.stop());
    claid.reset();
    claid.latency(300);
    const ids = await Promise.all(Array.from({ length: 10 }, () => postClaid()));
    const ended = await Promise.all(ids.map((id) => pollUntilEnded(id, 60_000)));
    expect(ended.map(({ view }) => view.status)).toEqual(ids.map(() => 'done'));
    expect(claid.peakConcurrency()).toBe(2);
  }, 90_000);

  it('a batch spreads over both workers and ends done', async () => {
    claid.reset();
    claid.latency(300);
    const images = Array.from({ length: 6 }, (_, i) => ({ name: `shoe-${i + 1}.png`, data: image }));
    const created = await postBatch(
      api.url,
      batchForm({ dialect: 'claid', executor: 'claid', request: CLAID_REQUEST }, images),
    );
    expect(created.status).toBe(202);
    const batch = await waitForBatch(api.url, created.body.id, undefined, 60_000);
    expect(batch).toMatchObject({ status: 'done', counts: { done: 6, total: 6 } });
    const jobIds = batch.items.map((item) => item.jobId);
    for (const worker of workers) expect(jobIds.some((id) => worker.done().includes(id))).toBe(true);
  }, 90_000);

  it('DELETE on the API aborts the Claid call on the worker that makes it, within 1 s', async () => {
    claid.reset();
    claid.script({ kind: 'hang' });
    const id = await postClaid();
    await waitFor(() => claid.requests.some((r) => r.method === 'POST'), 30_000);
    const sent = Date.now();
    const res = await fetch(`${api.url}/api/jobs/${id}`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ id, status: 'cancelled' });
    await waitFor(() => claid.aborted.length > 0, 5_000);
    expect(claid.aborted[0]! - sent).toBeLessThan(1000);
    expect((await view(api.url, id)).status).toBe('cancelled');
    await waitFor(async () => (await claidQueue.getActiveCount()) === 0, 5_000);
  }, 60_000);

  it('the API restarted mid-job: a long-polling client rides it out and sees the job done, run once', async () => {
    claid.reset();
    claid.script({ kind: 'slow', delayMs: 3000 });
    const id = await postClaid();
    await waitFor(() => claid.requests.some((r) => r.method === 'POST'), 30_000);
    const client = pollUntilEnded(id, 60_000);
    await api.kill();
    api = await cluster.start('api', apiEnv());
    const { view: ended, outages } = await client;
    expect(ended.status).toBe('done');
    expect(outages).toBeGreaterThan(0);
    expect(claid.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  }, 90_000);

  it('Redis away: the API answers 503 with the reason; once Redis is back, jobs run again without a restart', async () => {
    const before = await postClaid();
    await pollUntilEnded(before, 30_000);
    await cluster.redis.stop(true);

    const read = await fetch(`${api.url}/api/jobs/${before}`);
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('2');
    expect(((await read.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'store-unavailable',
      message: expect.stringContaining(`Redis at 127.0.0.1:${cluster.redis.port}`),
    });
    const post = await postJob(
      api.url,
      jobForm({ image, dialect: 'claid', executor: 'claid', request: CLAID_REQUEST }),
    );
    expect(post.status).toBe(503);
    expect((await fetch(`${api.url}/api/health`)).status).toBe(503);

    await cluster.redis.start();
    await waitFor(async () => (await fetch(`${api.url}/api/health`)).status === 200, 30_000);
    // Persistence is off in this test, so Redis came back empty: the old job is gone, new ones run.
    expect((await fetch(`${api.url}/api/jobs/${before}`)).status).toBe(404);
    const after = await postClaid();
    expect((await pollUntilEnded(after, 60_000)).view.status).toBe('done');
    expect(api.output()).not.toMatch(/Backdrop cannot start|uncaught/i);
  }, 120_000);
});
