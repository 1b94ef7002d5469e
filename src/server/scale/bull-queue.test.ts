/**
 * The BullMQ queue against a real Redis: an editor's job that waits behind a batch's items runs before
 * every one of them (BullMQ priority 1 before 2, first come first served within each), whichever
 * process queued them — here an API-side queue that runs nothing and a worker-side queue started after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BullJobQueue } from '../jobs/bull-queue.ts';
import { RedisResultStore } from '../jobs/redis-store.ts';
import type { JobRecord } from '../jobs/types.ts';
import { waitFor } from '../testing/harness.ts';
import { startRedis, type TestRedis } from '../testing/redis.ts';

let redis: TestRedis;
let dataDir: string;
let store: RedisResultStore;

beforeAll(async () => {
  redis = await startRedis();
  dataDir = mkdtempSync(join(tmpdir(), 'backdrop-bull-queue-'));
  store = await RedisResultStore.open(redis.url, dataDir, { maxBytes: 1e9, ttlSeconds: 3600 });
});
afterAll(async () => {
  await store?.close();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const queued = (id: string): JobRecord => ({
  view: {
    id,
    executor: 'local',
    dialect: 'claid',
    status: 'queued',
    progress: 0,
    warnings: [],
    timings: {},
    input: { type: 'image/png', width: 1, height: 1, bytes: 1 },
    previewAvailable: false,
    createdAt: new Date().toISOString(),
  },
  request: {},
  blobs: {},
});

describe('BullJobQueue', () => {
  it('runs an interactive job before the batch items queued ahead of it, in their order', async () => {
    const options = { url: redis.url, lanes: [{ executor: 'local' as const, concurrency: 1 }], store };
    const api = await BullJobQueue.open({ ...options, log: () => {}, lockMs: 30_000 });
    onTestFinished(() => api.close());
    const items = ['item-0001', 'item-0002', 'item-0003', 'item-0004'];
    for (const id of [...items, 'editor-0001']) await store.create(queued(id));
    for (const id of items) await api.enqueue({ id, executor: 'local' }, { priority: 'batch' });
    await api.enqueue({ id: 'editor-0001', executor: 'local' }, { priority: 'interactive' });

    const ran: string[] = [];
    const worker = await BullJobQueue.open({
      ...options,
      log: () => {},
      lockMs: 30_000,
      process: async (id) => {
        ran.push(id);
        await store.update(id, (record) => {
          record.view.status = 'done';
        });
      },
    });
    onTestFinished(() => worker.close());
    await waitFor(() => ran.length === 5, 20_000);
    expect(ran).toEqual(['editor-0001', ...items]);
  }, 30_000);
});
