import { testItem } from './testing.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerBatch, ServerItem } from './batch-api.ts';
import { useBatch, type BatchItem } from './batch-store.ts';
import { nextChunk, CHUNK_FILES } from './runner.ts';
import { applyServerBatch, patchFor } from './watcher.ts';

const local = testItem;

function server(id: string, patch: Partial<ServerItem> = {}): ServerItem {
  return {
    id,
    name: `${id}.jpg`,
    jobId: `job-${id}`,
    attempts: 1,
    status: 'queued',
    progress: 0,
    warnings: [],
    input: { type: 'image/jpeg', width: 10, height: 10, bytes: 100 },
    timings: {},
    previewAvailable: false,
    createdAt: '2026-11-30T08:00:00.000Z',
    ...patch,
  };
}

const batchOf = (items: ServerItem[]): ServerBatch => ({
  id: 'b1',
  status: 'running',
  dialect: 'claid',
  request: {},
  executor: 'local',
  counts: { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, total: items.length },
  bytes: { input: 0, output: 0 },
  items,
  page: { offset: 0, limit: 500, total: items.length },
  createdAt: '2026-11-30T08:00:00.000Z',
});

beforeEach(() => useBatch.setState({ items: {}, order: [] }));

describe('patchFor', () => {
  it('is null when nothing the view shows changed, so a quiet answer re-renders nothing', () => {
    const item = local('a', { jobId: 'job-a', startedAt: Date.parse('2026-11-30T08:00:00.000Z') });
    expect(patchFor(item, server('a'))).toBeNull();
  });

  it('carries status, progress, stage, output, warnings, the check and the finish time', () => {
    const patch = patchFor(
      local('a'),
      server('a', {
        status: 'done',
        progress: 0.97,
        output: { type: 'image/png', width: 8, height: 8, bytes: 50 },
        warnings: [{ message: 'approximated' }],
        finishedAt: '2026-11-30T08:00:05.000Z',
        compliance: { preset: 'amazon-main', status: 'warn', issues: [] },
      }),
    );
    expect(patch).toMatchObject({
      status: 'done',
      progress: 1,
      warnings: 1,
      finishedAt: Date.parse('2026-11-30T08:00:05.000Z'),
      compliance: { preset: 'amazon-main', status: 'warn', issues: [] },
    });
    expect(patch?.output?.bytes).toBe(50);
  });
});

describe('applyServerBatch', () => {
  it('files each server item on its local item by id, ignores removed ones and stale jobs of retried ones', () => {
    useBatch.setState({
      order: ['x', 'y'],
      items: {
        x: local('x', { serverItemId: 's1', jobId: 'job-s1' }),
        // Retried: now follows job-s2b; the answer still about job-s2 must not undo that.
        y: local('y', { serverItemId: 's2', jobId: 'job-s2b' }),
      },
    });
    const collect = applyServerBatch(
      batchOf([
        server('s1', { jobId: 'job-s1', status: 'done' }),
        server('s2', { jobId: 'job-s2', status: 'failed', error: { code: 'x', message: 'old' } }),
        server('s3', { jobId: 'job-s3', status: 'running' }),
      ]),
    );
    expect(collect).toEqual(['x']);
    expect(useBatch.getState().items.x!.status).toBe('done');
    expect(useBatch.getState().items.y!.status).toBe('queued');
  });
});

describe('nextChunk', () => {
  it('takes waiting photos in grid order, up to CHUNK_FILES, or one at a time while isolating a refusal', () => {
    const items: Record<string, BatchItem> = {};
    const order: string[] = [];
    for (let i = 0; i < CHUNK_FILES + 3; i++) {
      const id = `i${i}`;
      order.push(id);
      items[id] = local(id, { transfer: i === 1 ? 'sent' : 'waiting' });
    }
    const chunk = nextChunk(order, items);
    expect(chunk).toHaveLength(CHUNK_FILES);
    expect(chunk[0]!.id).toBe('i0');
    expect(chunk.map((i) => i.id)).not.toContain('i1');
    expect(nextChunk(order, items, true).map((i) => i.id)).toEqual(['i0']);
  });

  it('never holds back a single photo larger than the byte cap', () => {
    const items = {
      big: local('big', { transfer: 'waiting', bytes: 200 * 1024 * 1024 }),
      s: local('s', { transfer: 'waiting' }),
    };
    expect(nextChunk(['big', 's'], items).map((i) => i.id)).toEqual(['big']);
  });
});
