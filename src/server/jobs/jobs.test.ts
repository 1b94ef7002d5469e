/** The queue (concurrency, positions, cancel) and the disk store (TTL, size cap, restart). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { JobView } from '../../recipe/index.ts';
import { DiskResultStore } from './disk-store.ts';
import { MemoryJobQueue } from './memory-queue.ts';
import { SHUTDOWN } from './types.ts';

const view = (id: string, createdAt: string, status: JobView['status'] = 'done'): JobView => ({
  id,
  executor: 'local',
  dialect: 'claid',
  status,
  progress: 1,
  warnings: [],
  timings: {},
  input: { type: 'image/png', width: 1, height: 1, bytes: 1 },
  previewAvailable: false,
  createdAt,
});

describe('MemoryJobQueue', () => {
  it('runs at most `concurrency` jobs per executor, reports positions, cancels waiting and running jobs', async () => {
    const running = new Set<string>();
    let peak = 0;
    const aborted: string[] = [];
    const release = new Map<string, () => void>();
    const queue = new MemoryJobQueue({ local: 2, claid: 1, 'deep-image': 1 }, (id, signal) => {
      running.add(id);
      peak = Math.max(peak, running.size);
      return new Promise<void>((done) => {
        const finish = () => {
          running.delete(id);
          done();
        };
        release.set(id, finish);
        signal.addEventListener('abort', () => {
          aborted.push(id);
          finish();
        });
      });
    });
    for (const id of ['a', 'b', 'c', 'd', 'e']) queue.enqueue({ id, executor: 'local' });
    queue.enqueue({ id: 'x', executor: 'claid' });
    await new Promise((r) => setImmediate(r));
    expect([...running].sort()).toEqual(['a', 'b', 'x']);
    expect([queue.position('c'), queue.position('d'), queue.position('e'), queue.position('a')]).toEqual([
      1,
      2,
      3,
      undefined,
    ]);
    expect(queue.cancel('d')).toBe(true);
    expect(queue.position('e')).toBe(2);
    expect(queue.cancel('a')).toBe(true);
    expect(aborted).toEqual(['a']);
    await new Promise((r) => setTimeout(r, 5));
    expect(running.has('c')).toBe(true);
    expect(queue.cancel('nope')).toBe(false);
    for (const id of ['b', 'c', 'e', 'x']) {
      await new Promise((r) => setTimeout(r, 0));
      release.get(id)?.();
    }
    await new Promise((r) => setTimeout(r, 0));
    release.get('e')?.();
    await queue.idle();
    expect(peak).toBeLessThanOrEqual(3);
    expect(queue.stats().find((s) => s.executor === 'local')).toMatchObject({
      running: 0,
      waiting: 0,
      concurrency: 2,
    });
  });
});

describe('DiskResultStore', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  const iso = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

  it('evicts expired jobs, then the oldest finished until under the cap, never active ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backdrop-store-'));
    const store = await DiskResultStore.open(dir, { maxBytes: 2500, ttlSeconds: 3600 });
    const ids = ['00000000-aaaa', '00000001-bbbb', '00000002-cccc', '00000003-dddd', '00000004-eeee'];
    const ages = [120, 50, 40, 30, 45];
    for (const [i, id] of ids.entries()) {
      await store.create({
        view: view(id, iso(ages[i]!), i === 4 ? 'running' : 'done'),
        request: {},
        blobs: {},
      });
      await store.putBlob(
        id,
        'result',
        { data: Buffer.alloc(1000, i) },
        { mime: 'image/png', bytes: 1000, name: 'r.png' },
      );
    }
    const { evicted } = await store.sweep(now);
    // 120 min old: expired. Then 5000-1000=4000 > 2500: drop the oldest finished (50, 40 min).
    expect(evicted).toEqual(['00000000-aaaa', '00000001-bbbb', '00000002-cccc']);
    expect(await store.totalBytes()).toBe(2000);
    expect(await store.get('00000004-eeee')).toBeDefined();
    expect(await store.readBlob('00000003-dddd', 'result')).toEqual(Buffer.alloc(1000, 3));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps jobs, results and batches across a restart; unfinished jobs keep their status for recovery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backdrop-store-'));
    const first = await DiskResultStore.open(dir, { maxBytes: 1e9, ttlSeconds: 1e6 });
    await first.create({ view: view('11111111-done', iso(1)), request: { a: 1 }, blobs: {} });
    await first.putBlob(
      '11111111-done',
      'result',
      { data: Buffer.from('png-bytes') },
      { mime: 'image/png', bytes: 9, name: 'x.png' },
    );
    await first.create({ view: view('22222222-run', iso(1), 'running'), request: {}, blobs: {} });
    await first.createBatch({
      id: '33333333-batch',
      dialect: 'claid',
      executor: 'local',
      request: {},
      requestWarnings: [],
      items: [{ id: 'item-1', name: 'a.jpg', jobId: '22222222-run', attempts: 1 }],
      createdAt: iso(1),
    });
    await first.close();
    const second = await DiskResultStore.open(dir, { maxBytes: 1e9, ttlSeconds: 1e6 });
    expect((await second.get('11111111-done'))?.request).toEqual({ a: 1 });
    expect((await second.readBlob('11111111-done', 'result'))?.toString()).toBe('png-bytes');
    expect((await second.get('22222222-run'))?.view.status).toBe('running');
    expect((await second.active()).map((r) => r.view.id)).toEqual(['22222222-run']);
    expect((await second.getBatch('33333333-batch'))?.items[0]?.name).toBe('a.jpg');
    expect(await second.get('../../etc')).toBeUndefined();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

/** A processor whose jobs run until released (or aborted); records the order jobs started in. */
function controlledProcessor() {
  const started: string[] = [];
  const release = new Map<string, (outcome?: { requeue?: boolean }) => void>();
  const reasons = new Map<string, unknown>();
  const process = (id: string, signal: AbortSignal) => {
    started.push(id);
    return new Promise<{ requeue?: boolean } | void>((done) => {
      release.set(id, done);
      signal.addEventListener('abort', () => {
        reasons.set(id, signal.reason);
        done();
      });
    });
  };
  return { started, release, reasons, process };
}
const turn = () => new Promise((r) => setImmediate(r));

describe('MemoryJobQueue priorities', () => {
  it('starts an interactive job before every waiting batch item, and counts positions that way', async () => {
    const p = controlledProcessor();
    const queue = new MemoryJobQueue({ local: 1, claid: 1, 'deep-image': 1 }, p.process);
    for (const id of ['b1', 'b2', 'b3']) queue.enqueue({ id, executor: 'local' }, { priority: 'batch' });
    await turn();
    queue.enqueue({ id: 'i1', executor: 'local' });
    expect([queue.position('i1'), queue.position('b2'), queue.position('b3')]).toEqual([1, 2, 3]);
    p.release.get('b1')!();
    await turn();
    await turn();
    expect(p.started).toEqual(['b1', 'i1']);
    p.release.get('i1')!();
    await turn();
    await turn();
    expect(p.started).toEqual(['b1', 'i1', 'b2']);
    await queue.close();
  });

  it('holds batch items of one executor until a time, never interactive jobs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    try {
      const p = controlledProcessor();
      const queue = new MemoryJobQueue({ local: 2, claid: 1, 'deep-image': 1 }, p.process);
      queue.holdBatch('local', Date.now() + 30_000);
      queue.enqueue({ id: 'b1', executor: 'local' }, { priority: 'batch' });
      queue.enqueue({ id: 'i1', executor: 'local' });
      await turn();
      expect(p.started).toEqual(['i1']);
      await vi.advanceTimersByTimeAsync(29_000);
      await turn();
      expect(p.started).toEqual(['i1']);
      await vi.advanceTimersByTimeAsync(1_001);
      await turn();
      expect(p.started).toEqual(['i1', 'b1']);
      await queue.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('puts a job that asks for it back at the head of its list, and aborts running jobs with SHUTDOWN on close', async () => {
    const p = controlledProcessor();
    const queue = new MemoryJobQueue({ local: 1, claid: 1, 'deep-image': 1 }, p.process);
    for (const id of ['b1', 'b2']) queue.enqueue({ id, executor: 'local' }, { priority: 'batch' });
    await turn();
    p.release.get('b1')!({ requeue: true });
    await turn();
    await turn();
    expect(p.started).toEqual(['b1', 'b1']);
    expect(queue.position('b2')).toBe(1);
    const closing = queue.close();
    await closing;
    expect(p.reasons.get('b1')).toBe(SHUTDOWN);
    expect(queue.position('b2')).toBeUndefined();
  });
});
