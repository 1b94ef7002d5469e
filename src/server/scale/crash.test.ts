/**
 * Redis mode with real processes: an API and two workers share one Redis and one data folder. A worker
 * SIGKILLed mid-job loses nothing — BullMQ's stalled-job check hands its job to the other worker — and a
 * job that takes its worker down every time fails with a clear reason after MAX_CRASHES.
 */
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { MAX_CRASHES } from '../jobs/recovery.ts';
import { waitFor } from '../testing/harness.ts';
import type { NodeProcess } from '../testing/cluster.ts';
import { discMask, photo, postLocal, startCluster, view } from './fixtures.ts';

let image: Buffer;
let mask: Buffer;

beforeAll(async () => {
  image = await photo();
  mask = await discMask();
});

/**
 * A cluster (Redis, data folder) of this test alone, and the local BullMQ queue it watches; both are
 * closed when the test ends, passed or failed, so a failed (or retried) test leaves no worker behind to
 * take the next test's jobs.
 */
async function clusterForThisTest() {
  const cluster = await startCluster();
  const local = new Queue('backdrop-local', { connection: { url: cluster.redis.url } });
  onTestFinished(async () => {
    // While Redis is still up: a BullMQ queue closing after it would wait for a reconnect forever.
    await local.close();
    await cluster.close();
  });
  return { cluster, local };
}

/** The record id of a job `node` is running right now, per BullMQ's processedBy. */
async function runningOn(local: Queue, node: NodeProcess): Promise<string | undefined> {
  const names = new Set(node.pids().map((pid) => `${hostname()}:${pid}`));
  const job = (await local.getActive()).find((j) => names.has(j.processedBy ?? ''));
  return job?.data.id as string | undefined;
}

const RERUN = 'The server restarted while this job was running; it was run again from its input.';

/**
 * Freezes `node` (SIGSTOP) while it runs a job whose record says `running`, and SIGKILLs it so: killed
 * mid-job for certain, not just after it finished. Resolves to that job's id. `rerun`: the job was killed
 * once before, so its record says `running` from that run until this worker has counted the crash; only
 * the rerun warning, added when it does, shows this worker's own run (a kill in between counted no crash,
 * and the job then ran to done).
 */
async function killMidJob(
  local: Queue,
  node: NodeProcess,
  api: NodeProcess,
  timeoutMs: number,
  rerun = false,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const id = await runningOn(local, node);
    if (id) {
      node.freeze(true);
      const job = await view(api.url, id);
      if (job.status === 'running' && (!rerun || job.warnings.some((w) => w.message === RERUN))) {
        await node.kill();
        return id;
      }
      node.freeze(false);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const active = (await local.getActive()).map((j) => `${j.data.id as string} on ${j.processedBy}`);
  throw new Error(
    `${node.role} (pids ${node.pids().join(', ')}) ran no job within ${timeoutMs} ms; active: ${active.join('; ') || 'none'}; its output: ${node.output().slice(-1500)}`,
  );
}

async function settle(url: string, ids: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  return Promise.all(
    ids.map(async (id) => {
      for (;;) {
        const job = await view(url, id, 20_000);
        if (job.status !== 'queued' && job.status !== 'running') return job;
        if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      }
    }),
  );
}

describe('workers that crash', () => {
  it('60 local jobs across an API and two workers, one worker SIGKILLed mid-job: all 60 done, each once', async () => {
    const { cluster, local } = await clusterForThisTest();
    const api = await cluster.start('api');
    const [a, b] = await Promise.all([cluster.start('worker'), cluster.start('worker')]);
    // All 60 wait until both workers are up and every job is posted, then both start at once: posted
    // one by one while two workers ran them, they were taken as fast as they came, and on a loaded
    // machine the queue could be empty by the time the kill was tried (no job left to kill mid-run).
    await local.pause();
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await postLocal(api.url, image, mask));
    await local.resume();

    await waitFor(() => a.done().length >= 1, 90_000);
    const killed = await killMidJob(local, a, api, 60_000);

    const views = await settle(api.url, ids, 120_000);
    expect(views.map((v) => v.status)).toEqual(ids.map(() => 'done'));
    // None stuck: BullMQ lets go of every job. A worker writes the record's `done` before it logs the job
    // and hands it back to BullMQ, so on a loaded machine both trail the record a little: wait for them.
    const held = () => local.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
    await waitFor(async () => Object.values(await held()).every((n) => n === 0), 20_000).catch(() => {});
    expect(await held()).toEqual({ active: 0, waiting: 0, prioritized: 0, delayed: 0 });
    await waitFor(() => a.done().length + b.done().length >= ids.length, 10_000).catch(() => {});
    // None reported done twice: every job's "job done" line appears once across both workers.
    const done = [...a.done(), ...b.done()];
    expect(done.toSorted()).toEqual(ids.toSorted());
    expect(b.done().length).toBeGreaterThan(0);
    // The killed worker's job was run again, by the other worker, and says so.
    expect(a.done()).not.toContain(killed);
    expect(b.done()).toContain(killed);
    const rerun = views.find((v) => v.id === killed)!;
    expect(rerun.warnings.map((w) => w.message)).toContain(RERUN);
    await api.stop();
    await b.stop();
  }, 240_000);

  it(`a job whose worker dies every time fails after ${MAX_CRASHES} crashes, with the reason`, async () => {
    const { cluster, local } = await clusterForThisTest();
    const api = await cluster.start('api');
    // A model pass (no mask): long enough to be caught running.
    const id = await postLocal(api.url, image);
    // MAX_CRASHES is 2: the rerun warning is added once, so it tells the second run from the first only.
    for (let crash = 0; crash < MAX_CRASHES; crash++) {
      const worker = await cluster.start('worker');
      expect(await killMidJob(local, worker, api, 60_000, crash > 0)).toBe(id);
    }
    const last = await cluster.start('worker');
    const [ended] = await settle(api.url, [id], 60_000);
    expect(ended).toMatchObject({
      status: 'failed',
      error: {
        code: 'server-restarted',
        message: expect.stringContaining(`stopped ${MAX_CRASHES} times while running this job`),
      },
    });
    expect(last.done()).toEqual([]);
    await api.stop();
    await last.stop();
  }, 180_000);
});
