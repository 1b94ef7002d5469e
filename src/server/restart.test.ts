/**
 * A server restart loses no work in the embedded mode: jobs that were queued, or running when the server
 * stopped (gracefully or not), run again from their stored inputs; none ends as a bare "cancelled".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../recipe/index.ts';
import { DiskResultStore } from './jobs/disk-store.ts';
import { MAX_CRASHES } from './jobs/recovery.ts';
import { gatedExecutor } from './testing/gated-executor.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitFor,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';

let fakes: TestServer;
let image: Buffer;
const request = { operations: { background: { remove: true } }, output: { format: 'png' } };

beforeAll(async () => {
  fakes = await startTestServer();
  image = await samplePng();
});
afterAll(() => fakes.close());

const shared = () => ({ fakes: { claid: fakes.claid, deepImage: fakes.deepImage } });

describe('restart recovery', () => {
  it('a graceful stop puts the running job back in the queue; the next start runs every unfinished job', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-restart-'));
    const gate = gatedExecutor({ data: image, width: 64, height: 48 });
    const first = await startTestServer({ ...shared(), dataDir, executors: () => [gate.executor] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await postJob(first.url, jobForm({ image, dialect: 'claid', executor: 'local', request }))).body.id!,
      );
    await waitFor(() => gate.running().length === 1);
    await first.stop();
    const stored = await DiskResultStore.open(dataDir, { maxBytes: 1e9, ttlSeconds: 1e6 });
    const afterStop = await Promise.all(ids.map(async (id) => (await stored.get(id))!.view));
    await stored.close();
    expect(afterStop.map((v) => [v.status, v.stage])).toEqual([
      ['queued', 'interrupted'],
      ['queued', undefined],
      ['queued', undefined],
    ]);

    const done = gatedExecutor({ data: image, width: 64, height: 48 }, { auto: true });
    const second = await startTestServer({ ...shared(), dataDir, executors: () => [done.executor] });
    try {
      const views = await Promise.all(ids.map((id) => waitForJob(second.url, id)));
      expect(views.map((v) => v.status)).toEqual(['done', 'done', 'done']);
      expect(done.started).toEqual(ids);
      expect(views[0]!.warnings.map((w) => w.message)).toContain(
        'The server restarted while this job was running; it was run again from its input.',
      );
      expect(views[1]!.warnings).toEqual([]);
      expect((await fetch(`${second.url}/api/jobs/${ids[0]}/result`)).status).toBe(200);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('after a crash the running job runs again, but not after it was running at two crashes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-crash-'));
    const store = await DiskResultStore.open(dataDir, { maxBytes: 1e9, ttlSeconds: 1e6 });
    const job = (id: string, crashes: number) => {
      const view: JobView = {
        id,
        executor: 'local',
        dialect: 'claid',
        status: 'running',
        stage: 'segmenting',
        progress: 0.4,
        warnings: [],
        timings: { decoding: 20 },
        input: { name: 'photo.png', type: 'image/png', width: 64, height: 48, bytes: image.length },
        previewAvailable: false,
        createdAt: new Date().toISOString(),
      };
      return { view, request, blobs: {}, crashes };
    };
    // As a killed server leaves them: records that say `running`, inputs on disk.
    for (const [id, crashes] of [
      ['aaaaaaaa-0000-4000-8000-000000000001', 0],
      ['aaaaaaaa-0000-4000-8000-000000000002', MAX_CRASHES - 1],
    ] as const) {
      await store.create(job(id, crashes));
      await store.putBlob(
        id,
        'input',
        { data: image },
        { mime: 'image/png', bytes: image.length, name: 'photo.png' },
      );
    }
    await store.close();
    const done = gatedExecutor({ data: image, width: 64, height: 48 }, { auto: true });
    const server = await startTestServer({ ...shared(), dataDir, executors: () => [done.executor] });
    try {
      const again = await waitForJob(server.url, 'aaaaaaaa-0000-4000-8000-000000000001');
      expect(again.status).toBe('done');
      const given = await waitForJob(server.url, 'aaaaaaaa-0000-4000-8000-000000000002');
      expect(given.status).toBe('failed');
      expect(given.error).toMatchObject({ code: 'server-restarted' });
      expect(given.error!.message).toMatch(/stopped 2 times while running this job/);
      expect(done.started).toEqual(['aaaaaaaa-0000-4000-8000-000000000001']);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
