/** The queue (concurrency, positions, cancel) and the disk store (TTL, size cap, restart). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../recipe/index.ts';
import { DiskResultStore } from './disk-store.ts';
import { MemoryJobQueue } from './memory-queue.ts';

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

  it('keeps jobs and results across a restart; unfinished jobs become failed', async () => {
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
    await first.close();
    const second = await DiskResultStore.open(dir, { maxBytes: 1e9, ttlSeconds: 1e6 });
    expect((await second.get('11111111-done'))?.request).toEqual({ a: 1 });
    expect((await second.readBlob('11111111-done', 'result'))?.toString()).toBe('png-bytes');
    expect((await second.get('22222222-run'))?.view).toMatchObject({
      status: 'failed',
      error: { code: 'server-restarted' },
    });
    expect(await second.get('../../etc')).toBeUndefined();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
