/** The local executor with the real engine (real model): preview then result, URL assets under the guard, cancel. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorsResponse } from '../recipe/index.ts';
import { choosePrecision } from '../engine/segmentation/precision.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startAssetServer,
  startTestServer,
  waitFor,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';
import { animation, heicSample } from '../engine/testing/hard-inputs.ts';

let server: TestServer;
let assets: Awaited<ReturnType<typeof startAssetServer>>;
let assetOrigin = '';
let photo: Buffer;
let backdrop: Buffer;

beforeAll(async () => {
  server = await startTestServer();
  photo = await samplePng(240, 180);
  backdrop = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2a8f3c' } })
    .jpeg()
    .toBuffer();
  assets = await startAssetServer({
    '/photo.png': { type: 'image/png', body: photo },
    '/backdrop.jpg': { type: 'image/jpeg', body: backdrop },
    '/IMG_0042.heic': { type: 'image/heic', body: heicSample() },
  });
  assetOrigin = assets.origin;
}, 120_000);
afterAll(async () => {
  await assets.close();
  await server.close();
});

describe('local executor', () => {
  it('runs a Claid request: a preview first, then the full-size result', async () => {
    const created = await postJob(
      server.url,
      jobForm({
        image: photo,
        dialect: 'claid',
        executor: 'local',
        request: {
          operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
          output: { format: 'png' },
        },
      }),
    );
    expect(created.status).toBe(202);
    const view = await waitForJob(server.url, created.body.id!, 110_000);
    expect(view.error).toBeUndefined();
    expect(view).toMatchObject({
      status: 'done',
      previewAvailable: true,
      output: { type: 'image/png', width: 240, height: 180 },
    });
    // Stages in the order they ran: the quick preview as one, then the full result's; no fetching for an upload.
    expect(Object.keys(view.timings)).toEqual([
      'starting',
      'previewing',
      'decoding',
      'segmenting',
      'refining',
      'compositing',
      'framing',
      'encoding',
      'done',
    ]);
    // Which model and precision ran (int8 where the CPU has VNNI unless BACKDROP_MODEL_PRECISION says), in the job and in /api/executors.
    const expected = choosePrecision(process.env.BACKDROP_MODEL_PRECISION, true);
    expect(view.model).toEqual({ id: 'isnet-fp16', precision: expected.precision, reason: expected.reason });
    const executors = (await (await fetch(`${server.url}/api/executors`)).json()) as ExecutorsResponse;
    expect(executors.executors.find((e) => e.id === 'local')?.model).toEqual(view.model);
    expect(executors.executors.find((e) => e.id === 'claid')?.model).toBeUndefined();
    const preview = await fetch(`${server.url}/api/jobs/${view.id}/preview`);
    expect(preview.status).toBe(200);
    const result = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/result`)).arrayBuffer());
    const corner = await sharp(result).extract({ left: 0, top: 0, width: 4, height: 4 }).raw().toBuffer();
    // The background became white; the red subject is kept.
    expect(corner[0]).toBeGreaterThan(240);
    const centre = await sharp(result).extract({ left: 118, top: 88, width: 4, height: 4 }).raw().toBuffer();
    expect(centre[0]! - centre[1]!).toBeGreaterThan(80);
  }, 120_000);

  it('fetches imageUrl and background.replace through the guard (allow-listed test host)', async () => {
    const created = await postJob(
      server.url,
      jobForm({
        imageUrl: `${assetOrigin}/photo.png`,
        dialect: 'deep-image',
        executor: 'local',
        request: {
          background: { remove: 'auto', replace: `${assetOrigin}/backdrop.jpg` },
          output_format: 'jpeg',
        },
      }),
    );
    expect(created.status).toBe(202);
    const view = await waitForJob(server.url, created.body.id!, 110_000);
    expect(view.error).toBeUndefined();
    expect(view.status).toBe('done');
    const result = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/result`)).arrayBuffer());
    const corner = await sharp(result).extract({ left: 0, top: 0, width: 4, height: 4 }).raw().toBuffer();
    expect(corner[1]! - corner[0]!).toBeGreaterThan(50); // green backdrop behind the subject
    // The fetched photo became the job's input, served from our origin for the "before" side.
    expect(view.input).toMatchObject({ type: 'image/png', width: 240, height: 180 });
    const input = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/input`)).arrayBuffer());
    expect(input.equals(photo)).toBe(true);
  }, 120_000);

  it('runs frame 1 of an animated GIF and says so in the job’s warnings', async () => {
    const created = await postJob(
      server.url,
      jobForm({
        image: await animation('gif', 3),
        dialect: 'claid',
        executor: 'local',
        request: { operations: { background: { remove: true, color: '#FFFFFF' } } },
      }),
    );
    expect(created.status).toBe(202);
    const view = await waitForJob(server.url, created.body.id!, 110_000);
    expect(view.status).toBe('done');
    expect(view.input.frames).toBe(3);
    const frames = view.warnings.filter((w) => w.message.includes('animated GIF with 3 frames'));
    expect(frames).toEqual([
      {
        message:
          'The image is an animated GIF with 3 frames; the local engine edits still images, so it used frame 1 and left out the other 2. To edit another frame, export that frame as PNG and run it.',
      },
    ]);
  }, 120_000);

  it('refuses a HEIC imageUrl for the local engine with the same sentence as an upload', async () => {
    const created = await postJob(
      server.url,
      jobForm({
        imageUrl: `${assetOrigin}/IMG_0042.heic`,
        dialect: 'claid',
        executor: 'local',
        request: { operations: { background: { remove: true } } },
      }),
    );
    const view = await waitForJob(server.url, created.body.id!, 110_000);
    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({ code: 'unsupported-image-type', path: 'imageUrl' });
    expect(view.error!.message).toMatch(
      /^The imageUrl is HEIC, which the local engine cannot decode on this server/,
    );
    expect(view.error!.message).toContain('or run it on Claid or Deep-Image, which accept HEIC.');
  }, 120_000);

  it('skips the quick preview when BACKDROP_LOCAL_PREVIEW=0', async () => {
    const bare = await startTestServer({ env: { BACKDROP_LOCAL_PREVIEW: '0' } });
    try {
      const created = await postJob(
        bare.url,
        jobForm({
          image: photo,
          dialect: 'claid',
          executor: 'local',
          request: { operations: { background: { remove: true } } },
        }),
      );
      const view = await waitForJob(bare.url, created.body.id!, 110_000);
      expect(view).toMatchObject({ status: 'done', previewAvailable: false, progress: 1 });
      expect((await fetch(`${bare.url}/api/jobs/${view.id}/preview`)).status).toBe(409);
    } finally {
      await bare.close();
    }
  }, 120_000);

  it('refuses a replace URL on a private address with the JSON path named', async () => {
    const created = await postJob(
      server.url,
      jobForm({
        image: photo,
        dialect: 'deep-image',
        executor: 'local',
        request: { background: { remove: 'auto', replace: 'http://10.20.30.40/bg.jpg' } },
      }),
    );
    const view = await waitForJob(server.url, created.body.id!, 110_000);
    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({ code: 'url-refused', path: 'background.replace' });
  }, 120_000);

  it('cancels running local work', async () => {
    const big = await samplePng(1600, 1200);
    const created = await postJob(
      server.url,
      jobForm({
        image: big,
        dialect: 'claid',
        executor: 'local',
        request: {
          operations: { background: { blur: { category: 'general', type: 'lens', level: 'high' } } },
        },
      }),
    );
    const id = created.body.id!;
    await waitFor(
      async () =>
        ((await (await fetch(`${server.url}/api/jobs/${id}`)).json()) as { status: string }).status ===
        'running',
      60_000,
    );
    await fetch(`${server.url}/api/jobs/${id}`, { method: 'DELETE' });
    const view = await waitForJob(server.url, id, 60_000);
    expect(view.status).toBe('cancelled');
    expect((await fetch(`${server.url}/api/jobs/${id}/result`)).status).toBe(409);
    await server.services.queue.idle();
    expect(server.services.queue.stats().find((s) => s.executor === 'local')?.running).toBe(0);
  }, 120_000);
});
