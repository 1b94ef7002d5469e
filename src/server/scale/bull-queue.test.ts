/**
 * The BullMQ queue against a real Redis: an editor's job that waits behind a batch's items runs before
 * every one of them (BullMQ priority 1 before 2, first come first served within each), whichever
 * process queued them — here an API-side queue that runs nothing and a worker-side queue started after.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BullJobQueue } from '../jobs/bull-queue.ts';
import type { RedisResultStore } from '../jobs/redis-store.ts';
import { waitFor } from '../testing/harness.ts';
import type { TestRedis } from '../testing/redis.ts';
import { queuedRecord, startStore } from './fixtures.ts';

let redis: TestRedis;
let store: RedisResultStore;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ redis, store, close } = await startStore());
});
afterAll(() => close?.());

describe('BullJobQueue', () => {
  it('runs an interactive job before the batch items queued ahead of it, in their order', async () => {
    const options = { url: redis.url, lanes: [{ executor: 'local' as const, concurrency: 1 }], store };
    const api = await BullJobQueue.open({ ...options, log: () => {}, lockMs: 30_000 });
    onTestFinished(() => api.close());
    const items = ['item-0001', 'item-0002', 'item-0003', 'item-0004'];
    for (const id of [...items, 'editor-0001']) await store.create(queuedRecord(id));
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
