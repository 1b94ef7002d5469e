import { testItem } from './testing.ts';
import { describe, expect, it } from 'vitest';
import type { BatchItem, BatchMeta } from './batch-store.ts';
import { batchProgress, estimateRemaining, formatDuration, formatRemaining } from './progress.ts';

const meta: BatchMeta = {
  id: 'b',
  serverId: 's',
  dialect: 'claid',
  executor: 'local',
  requestText: '{}',
  createdAt: 0,
  runAt: 1_000,
  stopped: null,
};

const item = (id: string, patch: Partial<BatchItem> = {}) => testItem(id, { bytes: 1000, ...patch });

describe('estimateRemaining', () => {
  it('divides the open items by the rate finished items came at since Run', () => {
    // 4 finished in 20 s = 5 s each; 6 open → 30 s.
    expect(estimateRemaining(4, 20_000, 6)).toBe(30_000);
  });
  it('has no estimate before the first item finishes, and nothing left when nothing is open', () => {
    expect(estimateRemaining(0, 20_000, 6)).toBeNull();
    expect(estimateRemaining(3, 20_000, 0)).toBe(0);
  });
});

describe('batchProgress', () => {
  it('counts, sums bytes in and out, and takes time from Run to the last finish once all ended', () => {
    const items = [
      item('a', {
        status: 'done',
        jobId: 'j1',
        finishedAt: 5_000,
        output: { type: 'image/png', width: 1, height: 1, bytes: 400 },
      }),
      item('b', { status: 'failed', jobId: 'j2', finishedAt: 7_000 }),
      item('c', { status: 'failed', transfer: 'draft', bytes: 50 }),
    ];
    const p = batchProgress(meta, items, 60_000);
    expect(p.counts).toEqual({ total: 3, queued: 0, running: 0, done: 1, failed: 2, cancelled: 0 });
    expect(p.bytesIn).toBe(2050);
    expect(p.bytesOut).toBe(400);
    expect(p.elapsedMs).toBe(6_000);
    expect(p.fraction).toBe(1);
    expect(p.running).toBe(false);
    expect(p.remainingMs).toBe(0);
  });

  it('runs the clock to now while items are open and estimates from server-finished items only', () => {
    const items = [
      item('a', { status: 'done', jobId: 'j1', finishedAt: 11_000 }),
      // Refused here, never sent: it says nothing about the server's rate.
      item('r', { status: 'failed', transfer: 'draft' }),
      item('b', { status: 'running', jobId: 'j2', progress: 0.5 }),
      item('c', { status: 'queued', jobId: 'j3' }),
    ];
    const p = batchProgress(meta, items, 21_000);
    expect(p.elapsedMs).toBe(20_000);
    expect(p.remainingMs).toBe(40_000); // 1 finished in 20 s, 2 open
    expect(p.fraction).toBe(0.5);
    expect(p.running).toBe(true);
  });

  it('is not running before Run or after the server stopped the batch', () => {
    const items = [item('a', { transfer: 'draft' })];
    expect(batchProgress({ ...meta, runAt: null }, items, 5).running).toBe(false);
    expect(batchProgress({ ...meta, stopped: { code: 'no-credits', message: 'x' } }, items, 5).running).toBe(
      false,
    );
  });
});

describe('formatting', () => {
  it('says durations and estimates the way people say them', () => {
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(3_900_000)).toBe('1 h 05 min');
    expect(formatRemaining(null)).toBe('estimating time left…');
    expect(formatRemaining(3_000)).toBe('almost done');
    expect(formatRemaining(31_000)).toBe('about 40 s left');
    expect(formatRemaining(150_000)).toBe('about 3 min left');
  });
});
