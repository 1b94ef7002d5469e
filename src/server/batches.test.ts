/**
 * The batch API on a real port against the fake providers: a batch of 50 with mixed bad inputs, the
 * archive and its manifests, 429 back-off and resume, 402 stopping the batch, cancel, retry (with a
 * replacement file), remove, paging and long-poll, interactive jobs ahead of the batch, and a restart
 * mid-batch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchView, JobView } from '../recipe/index.ts';
import {
  batchForm,
  getBatch,
  openArchive,
  postBatch,
  waitForBatch,
  type UploadImage,
} from './testing/batches.ts';
import { gatedExecutor } from './testing/gated-executor.ts';
import { jobForm, postJob, samplePng, startTestServer, waitFor, type TestServer } from './testing/harness.ts';
import { bombPng } from './testing/images.ts';

let server: TestServer;
let png: Buffer;
const claid = {
  operations: { background: { remove: true, color: 'transparent' } },
  output: { format: 'png' },
};
const claidFields = { dialect: 'claid', executor: 'claid', request: claid };

beforeAll(async () => {
  // One Claid job at a time and no waiting inside the adapter, so the batch layer sees each 429 itself.
  server = await startTestServer({
    env: { BACKDROP_CLAID_CONCURRENCY: '1', BACKDROP_PROVIDER_RETRIES: '0' },
  });
  png = await samplePng();
});
afterAll(() => server.close());

const fakes = () => ({ fakes: { claid: server.claid, deepImage: server.deepImage } });

describe('POST /api/batches', () => {
  it('runs 50 items where the bad ones fail alone with the usual reason; the archive holds the rest and both manifests', async () => {
    const jpeg = await sharp(await samplePng(200, 150))
      .jpeg()
      .toBuffer();
    const images: UploadImage[] = [];
    for (let i = 0; i < 42; i++) images.push({ name: `sku-${String(i).padStart(2, '0')}.png`, data: png });
    images.push({ name: 'sku-00.png', data: png }); // duplicate name
    images.push({ name: 'SKU-00.png', data: png }); // duplicate but for case
    images.push({ name: 'notes.png', data: Buffer.from('%PDF-1.7 not a photo'), type: 'application/pdf' });
    images.push({ name: 'cut.jpg', data: jpeg.subarray(0, jpeg.length >> 1), type: 'image/jpeg' });
    images.push({ name: 'bomb.png', data: bombPng(30000, 30000) });
    images.push({ name: 'empty.png', data: Buffer.alloc(0) });
    const urls = ['ftp://example.com/a.png', 42];
    const created = await postBatch(server.url, batchForm(claidFields, images, urls));
    expect(created.status).toBe(202);
    expect(created.body.items).toHaveLength(50);
    const byName = new Map(created.body.items.map((item) => [item.name, item]));
    expect([...byName.keys()].filter((name) => /^sku-00/i.test(name))).toEqual([
      'sku-00.png',
      'sku-00-2.png',
      'SKU-00-3.png',
    ]);
    expect(byName.get('notes.png')!.error).toMatchObject({
      code: 'unsupported-image-type',
      path: 'images[44]',
    });
    expect(byName.get('notes.png')!.error!.message).toMatch(/The image "notes.png" is a PDF document/);
    expect(byName.get('cut.jpg')!.error).toMatchObject({ code: 'truncated-image', path: 'images[45]' });
    expect(byName.get('bomb.png')!.error).toMatchObject({ code: 'too-many-pixels', path: 'images[46]' });
    expect(byName.get('empty.png')!.error).toMatchObject({ code: 'empty-image', path: 'images[47]' });
    expect(created.body.items[48]!.error).toMatchObject({ code: 'invalid-url', path: 'imageUrls[0]' });
    expect(created.body.items[49]!.error).toMatchObject({ code: 'invalid-url', path: 'imageUrls[1]' });

    const done = await waitForBatch(server.url, created.body.id, undefined, 60_000);
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ queued: 0, running: 0, done: 44, failed: 6, cancelled: 0, total: 50 });
    // Each item is a normal job.
    const job = (await (await fetch(`${server.url}/api/jobs/${done.items[0]!.jobId}`)).json()) as JobView;
    expect(job).toMatchObject({
      status: 'done',
      executor: 'claid',
      batch: { id: done.id, itemId: done.items[0]!.id },
    });

    const archive = await openArchive(server.url, created.body.id);
    expect(archive.res.headers.get('content-type')).toBe('application/zip');
    expect(Number(archive.res.headers.get('content-length'))).toBe(archive.bytes);
    expect(archive.names).toHaveLength(44 + 2);
    expect(archive.names).toContain('sku-00-backdrop.png');
    expect(archive.names).toContain('sku-00-2-backdrop.png');
    expect(archive.names).toContain('SKU-00-3-backdrop.png');
    const result = await sharp(Buffer.from(archive.files['sku-07-backdrop.png']!)).metadata();
    expect([result.format, result.width, result.height]).toEqual(['png', 64, 48]);
    const rows = archive.manifest.items;
    expect(rows).toHaveLength(50);
    expect(archive.manifest.batch).toMatchObject({
      id: done.id,
      status: 'done',
      executor: 'claid',
      request: claid,
    });
    expect(rows[7]).toMatchObject({
      input: 'sku-07.png',
      output: 'sku-07-backdrop.png',
      status: 'done',
      width: 64,
      height: 48,
      executor: 'claid',
    });
    expect(rows[7]!.providerRequestId).toMatch(/^claid-req-/);
    expect(rows[44]).toMatchObject({
      input: 'notes.png',
      output: '',
      status: 'failed',
      errorCode: 'unsupported-image-type',
    });
    const csv = archive.csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toBe(
      'input,output,status,error_code,error,warnings,width,height,bytes,executor,total_ms,timings,provider_request_id,compliance,compliance_issues,finish',
    );
    expect(csv[8]).toMatch(/^sku-07\.png,sku-07-backdrop\.png,done,,,,64,48,\d+,claid,\d+,/);
    expect(csv[45]).toMatch(/^notes\.png,,failed,unsupported-image-type,"?The image ""notes\.png"" is a PDF/);
  }, 90_000);

  it('refuses the whole request for a bad field, naming it, and creates nothing', async () => {
    const noImages = await postBatch(server.url, batchForm(claidFields, []));
    expect(noImages.status).toBe(400);
    expect(noImages.body.error).toMatchObject({ code: 'missing-image', path: 'images' });
    const badRequest = await postBatch(
      server.url,
      batchForm({ ...claidFields, request: { operations: { background: { color: '#GGGGGG' } } } }, [
        { name: 'a.png', data: png },
      ]),
    );
    expect(badRequest.status).toBe(400);
    expect(badRequest.body.error).toMatchObject({
      code: 'invalid-request',
      path: 'operations.background.color',
    });
    const badUrls = await postBatch(server.url, batchForm(claidFields, [], undefined));
    expect(badUrls.status).toBe(400);
    const form = batchForm(claidFields, []);
    form.append('imageUrls', '{"not": "a list"}');
    const notList = await postBatch(server.url, form);
    expect(notList.body.error).toMatchObject({ code: 'invalid-field', path: 'imageUrls' });
    expect((await fetch(`${server.url}/api/batches/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

describe('provider limits', () => {
  it('429 with a reset time: the item goes back to the queue, the batch shows the wait and resumes by itself', async () => {
    server.claid.reset();
    server.claid.script(
      { kind: 'ok' },
      {
        kind: 'error',
        status: 429,
        body: { detail: { error_message: 'Too many requests' } },
        // 4 s, not 1: a poll on a loaded machine could arrive after a 1 s back-off had already ended.
        headers: { 'ratelimit-reset': '4', 'retry-after': '4' },
      },
    );
    const images = ['a.png', 'b.png', 'c.png'].map((name) => ({ name, data: png }));
    const created = await postBatch(server.url, batchForm(claidFields, images));
    const waiting = await waitForBatch(
      server.url,
      created.body.id,
      (view) => view.backoffUntil !== undefined,
      10_000,
    );
    expect(waiting.status).toBe('running');
    expect(Date.parse(waiting.backoffUntil!) - Date.now()).toBeLessThanOrEqual(4_100);
    expect(waiting.items[1]).toMatchObject({ status: 'queued', stage: 'rate-limited' });
    const done = await waitForBatch(server.url, created.body.id);
    expect(done.counts).toMatchObject({ done: 3, failed: 0 });
    expect(done.backoffUntil).toBeUndefined();
    expect(server.claid.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
  }, 30_000);

  it('402 no credits: the batch stops with a clear reason, keeps what is done, and marks the rest as not run', async () => {
    server.claid.reset();
    server.claid.script(
      { kind: 'ok' },
      {
        kind: 'error',
        status: 402,
        body: { error_code: 'no_credits', error_type: 'billing', error_message: 'Not enough credits' },
      },
    );
    const images = ['a.png', 'b.png', 'c.png', 'd.png'].map((name) => ({ name, data: png }));
    const created = await postBatch(server.url, batchForm(claidFields, images));
    const stopped = await waitForBatch(server.url, created.body.id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.stopReason).toMatchObject({ code: 'no-credits', executor: 'claid' });
    expect(stopped.stopReason!.message).toMatch(
      /Claid has no credits left, so the batch stopped; done results are kept/,
    );
    expect(stopped.items.map((item) => item.status)).toEqual(['done', 'failed', 'cancelled', 'cancelled']);
    expect(stopped.items[1]!.error).toMatchObject({ code: 'no-credits' });
    expect(stopped.items[2]!.error).toMatchObject({ code: 'batch-stopped' });
    expect(server.claid.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    const archive = await openArchive(server.url, created.body.id);
    expect(archive.names).toEqual(['a-backdrop.png', 'manifest.csv', 'manifest.json']);
    expect(archive.manifest.batch.status).toBe('stopped');
  }, 30_000);

  it('DELETE cancels a batch whose item hangs at Claid: the call is aborted and nothing else is sent', async () => {
    server.claid.reset();
    server.claid.script({ kind: 'hang' });
    const images = ['a.png', 'b.png', 'c.png'].map((name) => ({ name, data: png }));
    const created = await postBatch(server.url, batchForm(claidFields, images));
    await waitForBatch(server.url, created.body.id, (view) => view.counts.running === 1, 10_000);
    await waitFor(() => server.claid.requests.some((r) => r.method === 'POST'));
    const res = await fetch(`${server.url}/api/batches/${created.body.id}`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ id: created.body.id, cancelled: 3 });
    const view = await waitForBatch(server.url, created.body.id);
    expect(view.status).toBe('cancelled');
    expect(view.counts).toMatchObject({ cancelled: 3, running: 0, queued: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(server.claid.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  }, 30_000);

  it('Deep-Image NOT_ENOUGH_CREDITS stops a batch the same way', async () => {
    server.deepImage.reset();
    server.deepImage.script(
      { kind: 'ok' },
      { kind: 'error', status: 400, body: { message: 'Not enough credits', code: 'NOT_ENOUGH_CREDITS' } },
    );
    const request = { background: { remove: 'auto', color: '#FFFFFF' }, output_format: 'jpeg' };
    const images = ['a.png', 'b.png', 'c.png'].map((name) => ({ name, data: png }));
    const created = await postBatch(
      server.url,
      batchForm({ dialect: 'deep-image', executor: 'deep-image', request }, images),
    );
    // a.png was already at Deep-Image when b.png met the empty account: it finishes after the stop.
    const stopped = await waitForBatch(
      server.url,
      created.body.id,
      (view) => view.status !== 'running' && view.counts.running === 0,
    );
    expect(stopped.status).toBe('stopped');
    expect(stopped.stopReason!.message).toMatch(/^Deep-Image has no credits left/);
    expect(stopped.items.map((item) => item.status)).toEqual(['done', 'failed', 'cancelled']);
    const archive = await openArchive(server.url, created.body.id);
    expect(archive.names).toEqual(['a-backdrop.jpg', 'manifest.csv', 'manifest.json']);
  }, 30_000);
});

describe('managing a batch on the local executor', () => {
  let local: TestServer;
  let gate: ReturnType<typeof gatedExecutor>;
  const localFields = { dialect: 'claid', executor: 'local', request: claid };
  beforeAll(async () => {
    gate = gatedExecutor({ data: png, width: 64, height: 48 });
    local = await startTestServer({ ...fakes(), executors: () => [gate.executor] });
  });
  afterAll(() => local.close());
  const view = (id: string, query = '') => getBatch(local.url, id, query);

  it('an interactive job runs before the waiting items; pages and long-poll; cancel keeps what is done', async () => {
    const images = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'].map((name) => ({ name, data: png }));
    const { body } = await postBatch(local.url, batchForm(localFields, images));
    await waitFor(() => gate.running().length === 1);
    const single = await postJob(
      local.url,
      jobForm({ image: png, dialect: 'claid', executor: 'local', request: claid }),
    );
    const queued = (await (await fetch(`${local.url}/api/jobs/${single.body.id}`)).json()) as JobView;
    expect(queued.queuePosition).toBe(1);
    const page = await view(body.id, '?offset=1&limit=2');
    expect(page.items.map((item) => [item.name, item.queuePosition])).toEqual([
      ['b.png', 2],
      ['c.png', 3],
    ]);
    expect(page.page).toEqual({ offset: 1, limit: 2, total: 5 });

    const polled = fetch(`${local.url}/api/batches/${body.id}?wait=20000`).then(
      (r) => r.json() as Promise<BatchView>,
    );
    await new Promise((r) => setTimeout(r, 50));
    gate.release(); // a.png done; the interactive job starts next
    expect((await polled).counts.done).toBe(1);
    await waitFor(() => gate.started.includes(single.body.id!));
    gate.release();
    await waitFor(() => gate.running().length === 1 && gate.running()[0] !== single.body.id);

    const cancel = await fetch(`${local.url}/api/batches/${body.id}`, { method: 'DELETE' });
    expect(await cancel.json()).toEqual({ id: body.id, cancelled: 4 });
    const after = await view(body.id);
    expect(after.status).toBe('cancelled');
    expect(after.counts).toMatchObject({ done: 1, cancelled: 4, queued: 0, running: 0 });
    const archive = await openArchive(local.url, body.id);
    expect(archive.names).toEqual(['a-backdrop.png', 'manifest.csv', 'manifest.json']);
    expect(archive.manifest.items.map((row) => row.status)).toEqual([
      'done',
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
  });

  it('retry runs an item again (from a replacement file when sent), remove drops one, add brings more', async () => {
    gate.auto();
    const { body } = await postBatch(
      local.url,
      batchForm(localFields, [
        { name: 'good.png', data: png },
        { name: 'broken.png', data: Buffer.from('not a png at all') },
        { name: 'extra.png', data: png },
      ]),
    );
    await waitForBatch(local.url, body.id);
    const broken = body.items[1]!;
    const noInput = await fetch(`${local.url}/api/batches/${body.id}/items/${broken.id}/retry`, {
      method: 'POST',
    });
    expect(noInput.status).toBe(409);
    expect(((await noInput.json()) as { error: { code: string } }).error.code).toBe('no-input');
    const replacement = new FormData();
    replacement.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'fixed.png');
    const retried = await fetch(`${local.url}/api/batches/${body.id}/items/${broken.id}/retry`, {
      method: 'POST',
      body: replacement,
    });
    expect(retried.status).toBe(202);
    const again = (await retried.json()) as { id: string; name: string; jobId: string };
    expect(again).toMatchObject({ id: broken.id, name: 'broken.png', status: 'queued' });
    expect(again.jobId).not.toBe(broken.jobId);
    const good = body.items[0]!;
    const rerun = await fetch(`${local.url}/api/batches/${body.id}/items/${good.id}/retry`, {
      method: 'POST',
    });
    expect(rerun.status).toBe(202);
    const removed = await fetch(`${local.url}/api/batches/${body.id}/items/${body.items[2]!.id}`, {
      method: 'DELETE',
    });
    expect(await removed.json()).toEqual({ id: body.items[2]!.id, removed: true });
    const added = await postBatch(
      local.url,
      batchForm({}, [{ name: 'good.png', data: png }]),
      `/api/batches/${body.id}/items`,
    );
    expect(added.status).toBe(202);
    expect(added.body.items.map((item) => item.name)).toEqual(['good-2.png']);
    const final = await waitForBatch(local.url, body.id);
    expect(final.items.map((item) => [item.name, item.status, item.attempts])).toEqual([
      ['good.png', 'done', 2],
      ['broken.png', 'done', 2],
      ['good-2.png', 'done', 1],
    ]);
  });
});

describe('restart mid-batch', () => {
  it('queued and running items run again after a restart; the batch finishes and its archive is whole', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-batch-restart-'));
    const gate = gatedExecutor({ data: png, width: 64, height: 48 });
    const first = await startTestServer({ ...fakes(), dataDir, executors: () => [gate.executor] });
    const images = ['a.png', 'b.png', 'c.png'].map((name) => ({ name, data: png }));
    const { body } = await postBatch(
      first.url,
      batchForm({ dialect: 'claid', executor: 'local', request: claid }, images),
    );
    await waitFor(() => gate.running().length === 1);
    gate.release();
    await waitFor(() => gate.running().length === 1 && gate.started.length === 2);
    await first.stop();
    const done = gatedExecutor({ data: png, width: 64, height: 48 }, { auto: true });
    const second = await startTestServer({ ...fakes(), dataDir, executors: () => [done.executor] });
    try {
      const final = await waitForBatch(second.url, body.id);
      expect(final.status).toBe('done');
      expect(final.counts).toMatchObject({ done: 3, failed: 0, cancelled: 0 });
      expect(done.started).toEqual([body.items[1]!.jobId, body.items[2]!.jobId]);
      const archive = await openArchive(second.url, body.id);
      expect(archive.names).toEqual([
        'a-backdrop.png',
        'b-backdrop.png',
        'c-backdrop.png',
        'manifest.csv',
        'manifest.json',
      ]);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
