/**
 * A server whose parent died — a bench or test runner killed with SIGKILL, which no clean-up survives —
 * must not run on as an orphan: its output pipe is closed, and the first line it logs after that (here:
 * Redis going away) ends it. Before, each failed write was an uncaught EPIPE that the last-resort guard
 * logged, failing again: an orphan spinning a core.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '../testing/harness.ts';
import { startCluster } from './fixtures.ts';

describe('a server whose parent is gone', () => {
  it('stops at its next log line once its output pipe is closed, instead of spinning', async () => {
    const cluster = await startCluster();
    onTestFinished(() => cluster.close());
    const worker = await cluster.start('worker');
    // What the parent's death does to the pipes: their reading end is closed.
    worker.closeOutput();
    // Something to log: the queue's connection to Redis fails.
    await cluster.redis.stop(true);
    await waitFor(() => worker.pids().length === 0, 15_000);
    expect(worker.pids()).toEqual([]);
  }, 60_000);
});
