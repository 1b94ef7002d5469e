/**
 * Cancelling must not wait for work the job shares with others: the model load, or the model pass of the
 * job ahead in the queue. The queued case needs a pass that takes seconds, so it runs the real ISNet once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { channelMeanModel } from '../testing/tiny-onnx.ts';
import { resetSegmenter, segment, segmenterInfo, warmUpSegmenter, type RawImage } from './index.ts';

let dir: string | undefined;
afterAll(async () => {
  delete process.env.BACKDROP_MODEL;
  resetSegmenter({ model: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

function grey(width: number, height: number, value = 128): RawImage {
  return { data: Buffer.alloc(width * height * 3, value), width, height, channels: 3 };
}

/** Settles with the error (or 'resolved') and the milliseconds it took from `since`. */
async function outcome(job: Promise<unknown>, since: number) {
  const error = await job.then(
    () => 'resolved',
    (e: unknown) => e,
  );
  return { error: error as { code?: string }, ms: performance.now() - since };
}

describe('cancelling segment()', () => {
  it('rejects at once when cancelled during a cold model load, before the load finishes', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'backdrop-cancel-'));
    await writeFile(path.join(dir, 'tiny.onnx'), channelMeanModel());
    const config = path.join(dir, 'tiny.json');
    await writeFile(
      config,
      JSON.stringify({ path: 'tiny.onnx', inputSize: 64, mean: [0, 0, 0], std: [1, 1, 1], output: 'mask' }),
    );
    process.env.BACKDROP_MODEL = config;
    resetSegmenter({ model: true }); // fresh worker: starting it and loading the model both lie ahead
    const controller = new AbortController();
    const job = segment(grey(64, 64), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const abortedAt = performance.now();
    controller.abort();
    const { error, ms } = await outcome(job, abortedAt);
    expect(error.code).toBe('cancelled');
    expect(ms).toBeLessThan(1000);
    // Proof it did not wait for the load: the model was still loading when the job gave up.
    expect(segmenterInfo().source).toBe('not loaded yet');
    // The shared load was not spoiled by the cancel: the next job gets the model.
    expect((await segment(grey(64, 64))).modelId).toBe('custom:tiny.onnx');
  }, 60_000);

  it('rejects at once when cancelled while queued behind a running model pass (real model)', async () => {
    delete process.env.BACKDROP_MODEL; // the default ISNet: one pass takes seconds on a busy machine
    resetSegmenter({ model: true });
    await warmUpSegmenter();
    let aheadDone = false;
    const ahead = segment(grey(1024, 1024, 90)).finally(() => (aheadDone = true));
    const controller = new AbortController();
    const queued = segment(grey(64, 64), { signal: controller.signal });
    // Long enough for the queued job to pass preprocessing and wait on the queue.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const abortedAt = performance.now();
    controller.abort();
    const { error, ms } = await outcome(queued, abortedAt);
    expect(error.code).toBe('cancelled');
    expect(ms).toBeLessThan(1000);
    expect(aheadDone).toBe(false); // it really was queued behind the pass, which is still running
    // The queue survives the cancel: the job ahead finishes and a later one still runs.
    expect((await ahead).width).toBe(1024);
    expect((await segment(grey(64, 64))).width).toBe(64);
  }, 180_000);
});
