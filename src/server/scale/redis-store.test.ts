/**
 * The Redis job store against a real redis-server: a record and its index entry are written together,
 * a job id is never created twice, and a file stored for a job that is gone (deleted, swept) is not left
 * on the shared folder — putBlob writes first and checks through the record update (no EXISTS first).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisResultStore } from '../jobs/redis-store.ts';
import { queuedRecord, startStore } from './fixtures.ts';

let dataDir: string;
let store: RedisResultStore;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ store, dataDir, close } = await startStore());
});
afterAll(() => close?.());

const files = () => readdirSync(join(dataDir, 'jobs')).filter((name) => name !== 'tmp');
const blob = { mime: 'image/png', bytes: 3, name: 'photo.png' };

describe('RedisResultStore', () => {
  it('creates a record once, listed in creation order', async () => {
    await store.create(queuedRecord('job-bbbbbbbb', '2026-01-01T00:00:02.000Z'));
    await store.create(queuedRecord('job-aaaaaaaa', '2026-01-01T00:00:01.000Z'));
    await expect(store.create(queuedRecord('job-aaaaaaaa', '2026-01-01T00:00:03.000Z'))).rejects.toThrow(
      'Job job-aaaaaaaa exists already.',
    );
    expect((await store.active()).map((r) => r.view.id)).toEqual(['job-aaaaaaaa', 'job-bbbbbbbb']);
    expect((await store.get('job-aaaaaaaa'))?.view.createdAt).toBe('2026-01-01T00:00:01.000Z');
  });

  it('stores a file of a live job and names it in the record; a gone job keeps no file', async () => {
    await store.create(queuedRecord('job-cccccccc', '2026-01-01T00:00:04.000Z'));
    await store.putBlob('job-cccccccc', 'input', { data: Buffer.from('abc') }, blob);
    expect((await store.get('job-cccccccc'))?.blobs.input).toEqual(blob);
    expect((await store.readBlob('job-cccccccc', 'input'))?.toString()).toBe('abc');

    await store.putBlob('job-gone0000', 'input', { data: Buffer.from('abc') }, blob);
    expect(await store.get('job-gone0000')).toBeUndefined();
    expect(files()).toEqual(['job-cccccccc.input']);

    expect(await store.delete('job-cccccccc')).toBe(true);
    expect(files()).toEqual([]);
    expect(existsSync(join(dataDir, 'jobs', 'job-cccccccc.input'))).toBe(false);
    expect((await store.active()).map((r) => r.view.id)).not.toContain('job-cccccccc');
  });
});
