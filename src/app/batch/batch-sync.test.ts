import { describe, expect, it } from 'vitest';
import { batchChanges, differsDurably } from './batch-sync.ts';
import { useBatch, type BatchItem, type BatchState } from './batch-store.ts';

const base = useBatch.getState();
const item: BatchItem = {
  id: 'i1',
  name: 'a.jpg',
  type: 'image/jpeg',
  bytes: 1,
  width: 1,
  height: 1,
  status: 'running',
  transfer: 'sent',
  progress: 0.1,
  warnings: 0,
  resultSaved: false,
  attempts: 0,
};
const meta = {
  id: 'b',
  serverId: null,
  dialect: 'claid',
  executor: 'local',
  requestText: null,
  createdAt: 1,
  runAt: null,
  stopped: null,
} as const;
const withItems = (items: Record<string, BatchItem>, order = Object.keys(items)): BatchState => ({
  ...base,
  meta,
  items,
  order,
});

describe('batchChanges', () => {
  it('writes a progress tick to nowhere, and a status change to the item record', () => {
    const prev = withItems({ i1: item });
    const tick = withItems({ i1: { ...item, progress: 0.6, stage: 'segmenting' } }, prev.order);
    expect(batchChanges(prev, tick)).toEqual([]);
    const done = withItems({ i1: { ...item, status: 'done' } }, prev.order);
    expect(batchChanges(prev, done)).toEqual([{ store: 'items', key: 'i1', value: done.items.i1 }]);
  });

  it('a removed item takes its record, photo and result with it; the order is saved in meta', () => {
    const prev = withItems({ i1: item });
    const next = withItems({}, []);
    const changes = batchChanges(prev, next);
    expect(changes).toContainEqual({ store: 'items', key: 'i1', value: undefined });
    expect(changes).toContainEqual({ store: 'inputs', key: 'i1', value: undefined });
    expect(changes).toContainEqual({ store: 'results', key: 'i1', value: undefined });
    expect(changes).toContainEqual({ store: 'meta', key: 'batch', value: { meta, order: [] } });
  });

  it('clearing the batch deletes its meta record', () => {
    const changes = batchChanges(withItems({}), { ...base, meta: null, items: {}, order: [] });
    expect(changes).toContainEqual({ store: 'meta', key: 'batch', value: undefined });
  });
});

describe('differsDurably', () => {
  it('ignores progress, stage and queue position only', () => {
    expect(differsDurably(item, { ...item, progress: 1, stage: 'x', queuePosition: 3 })).toBe(false);
    expect(differsDurably(item, { ...item, jobId: 'j' })).toBe(true);
    expect(differsDurably(item, { ...item, thumb: new Blob(['t']) })).toBe(true);
  });
});
