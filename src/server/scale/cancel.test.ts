/**
 * Cancel across processes for the local engine: DELETE on the API aborts the model pass on the worker
 * that runs it (a Redis message to that worker, which aborts the job's signal), and the worker is free
 * for the next job at once. (The provider-call half is in cluster.test.ts.)
 */
import { Queue } from 'bullmq';
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '../testing/harness.ts';
import { discMask, photo, postLocal, startCluster, view } from './fixtures.ts';

describe('cancel across processes', () => {
  it('DELETE on the API aborts the model pass on the worker within 1 s; the worker runs the next job', async () => {
    const cluster = await startCluster();
    const local = new Queue('backdrop-local', { connection: { url: cluster.redis.url } });
    onTestFinished(async () => {
      await local.close();
      await cluster.close();
    });
    const api = await cluster.start('api');
    const worker = await cluster.start('worker');
    const image = await photo();
    // No mask: the worker runs the segmentation model.
    const id = await postLocal(api.url, image);
    await waitFor(async () => {
      const job = await view(api.url, id);
      return job.stage === 'previewing' || job.stage === 'segmenting';
    }, 60_000);

    const sent = Date.now();
    const res = await fetch(`${api.url}/api/jobs/${id}`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ id, status: 'cancelled' });
    // The worker's BullMQ job ends when its model pass has given up.
    await waitFor(async () => (await local.getActiveCount()) === 0, 10_000);
    expect(Date.now() - sent).toBeLessThan(1000);
    expect((await view(api.url, id)).status).toBe('cancelled');
    expect(worker.done()).toEqual([]);

    const next = await postLocal(api.url, image, await discMask());
    await waitFor(() => worker.done().includes(next), 30_000);
    expect((await view(api.url, next)).status).toBe('done');
  }, 120_000);
});
