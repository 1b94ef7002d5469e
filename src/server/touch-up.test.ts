/**
 * Issue 12's API: `subjectBox` and `mask` on POST /api/jobs, GET/PUT /api/jobs/:id/mask — with the real
 * engine and model for local jobs and the fake Claid (transparent cut-outs) for provider touch-ups.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../recipe/index.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';

const W = 240;
const H = 180;
const REMOVE = {
  operations: { background: { remove: true, color: 'transparent' } },
  output: { format: 'png' },
};
let server: TestServer;
let photo: Buffer;

beforeAll(async () => {
  server = await startTestServer();
  // A red disc (r = 60) in the middle of a light grey photo, RGB (the fake Claid cuts out photos without alpha).
  photo = await sharp(await samplePng(W, H))
    .removeAlpha()
    .png()
    .toBuffer();
}, 60_000);
afterAll(() => server.close());

/** A W×H grey mask PNG, white where `inside(x, y)`. */
function maskPng(inside: (x: number, y: number) => boolean, width = W, height = H): Promise<Buffer> {
  const alpha = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) alpha[y * width + x] = inside(x, y) ? 255 : 0;
  return sharp(alpha, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** The alpha of a result (`/result`), or the grey level of a mask (`/mask`), at (x, y). */
async function alphaOf(url: string) {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const image = url.endsWith('/mask') ? sharp(bytes).extractChannel(0) : sharp(bytes).ensureAlpha();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    info,
    at: (x: number, y: number) => data[(y * info.width + x) * info.channels + info.channels - 1]!,
  };
}

/** Runs a job to its end; the first model pass of this file loads the model (minutes on a loaded 2-core CI). */
async function runJob(fields: Parameters<typeof jobForm>[0]): Promise<JobView> {
  const created = await postJob(server.url, jobForm(fields));
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  return waitForJob(server.url, created.body.id!, 230_000);
}

const putMask = (id: string, body: Buffer, type = 'image/png') =>
  fetch(`${server.url}/api/jobs/${id}/mask`, {
    method: 'PUT',
    body: new Uint8Array(body),
    headers: { 'content-type': type },
  });

describe('POST /api/jobs subjectBox and mask', () => {
  it('refuses a malformed box, a box past the photo, and a box for a provider', async () => {
    const base = { image: photo, dialect: 'claid', request: REMOVE };
    const malformed = await postJob(
      server.url,
      jobForm({ ...base, executor: 'local', subjectBox: '10,10,50' }),
    );
    expect(malformed).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid-subject-box', path: 'subjectBox' } },
    });
    expect(malformed.body.error!.message).toContain('x,y,width,height');
    const outside = await postJob(
      server.url,
      jobForm({ ...base, executor: 'local', subjectBox: '200,10,50,50' }),
    );
    expect(outside.body.error!.message).toContain("reaches 250×60, past the photo's 240×180");
    const provider = await postJob(
      server.url,
      jobForm({ ...base, executor: 'claid', subjectBox: '10,10,50,50' }),
    );
    expect(provider).toMatchObject({
      status: 400,
      body: { error: { code: 'unexpected-field', path: 'subjectBox' } },
    });
    expect(provider.body.error!.message).toContain('Backdrop extension of the local engine');
  });

  it('refuses a mask that is no PNG or not the photo’s size', async () => {
    const base = { image: photo, dialect: 'claid', request: REMOVE, executor: 'local' };
    const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const notPng = await postJob(server.url, jobForm({ ...base, mask: jpeg }));
    expect(notPng).toMatchObject({ status: 415, body: { error: { code: 'mask-not-png', path: 'mask' } } });
    const small = await postJob(server.url, jobForm({ ...base, mask: await maskPng(() => true, 100, 80) }));
    expect(small).toMatchObject({ status: 422, body: { error: { code: 'mask-size' } } });
    expect(small.body.error!.message).toContain('is 100×80; this photo is 240×180');
  });

  it('runs a local job from a supplied mask without a model pass', async () => {
    const view = await runJob({
      image: photo,
      dialect: 'claid',
      request: REMOVE,
      executor: 'local',
      mask: await maskPng((x) => x < 120),
    });
    expect(view.status).toBe('done');
    expect(view.mask).toEqual({ source: 'supplied' });
    expect(view.previewAvailable).toBe(false);
    expect(Object.keys(view.timings)).not.toContain('segmenting');
    const { at } = await alphaOf(`${server.url}/api/jobs/${view.id}/result`);
    expect([at(20, 20), at(200, 90)]).toEqual([255, 0]); // grey backdrop kept on the left, disc cut on the right
  });

  it('segments inside the box with the real model; everything outside the box is background', async () => {
    // The box covers the left half of the disc only.
    const view = await runJob({
      image: photo,
      dialect: 'claid',
      request: REMOVE,
      executor: 'local',
      subjectBox: '50,20,70,140',
    });
    expect(view.error).toBeUndefined();
    expect(view).toMatchObject({
      status: 'done',
      subjectBox: { x: 50, y: 20, width: 70, height: 140 },
      mask: { source: 'box' },
    });
    const { at } = await alphaOf(`${server.url}/api/jobs/${view.id}/result`);
    expect(at(100, 90)).toBe(255); // disc, inside the box
    expect(at(150, 90)).toBe(0); // disc, outside the box
    const mask = await alphaOf(`${server.url}/api/jobs/${view.id}/mask`);
    expect([mask.at(100, 90), mask.at(150, 90)]).toEqual([255, 0]);
  }, 240_000);
});

describe('GET/PUT /api/jobs/:id/mask on a local job', () => {
  let job: JobView;
  beforeAll(async () => {
    job = await runJob({ image: photo, dialect: 'claid', request: REMOVE, executor: 'local' });
  }, 240_000);

  it('serves the engine’s mask as a grey PNG at the photo’s size', async () => {
    const res = await fetch(`${server.url}/api/jobs/${job.id}/mask`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([W, H, 1]);
    const { at } = await alphaOf(`${server.url}/api/jobs/${job.id}/mask`);
    expect(at(120, 90)).toBeGreaterThan(240); // the disc
    expect(at(5, 5)).toBeLessThan(16);
  });

  it('refuses a JPEG, a mask of another size, an empty body and a job that is not done', async () => {
    const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const notPng = await putMask(job.id, jpeg, 'image/jpeg');
    expect(notPng.status).toBe(415);
    expect(((await notPng.json()) as { error: { code: string } }).error.code).toBe('mask-not-png');
    const wrong = await putMask(job.id, await maskPng(() => true, 120, 90));
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain(
      'is 120×90; this photo is 240×180 (orientation applied)',
    );
    expect((await putMask(job.id, Buffer.alloc(0))).status).toBe(400);
    const queued = await postJob(
      server.url,
      jobForm({ image: photo, dialect: 'claid', request: REMOVE, executor: 'local' }),
    );
    const busy = await putMask(queued.body.id!, await maskPng(() => true));
    expect(busy.status).toBe(409);
    await waitForJob(server.url, queued.body.id!, 110_000);
  }, 120_000);

  it('replaces the mask and re-renders the same request from it, no model pass', async () => {
    const edited = await maskPng((x, y) => x < 120 && y < 150); // erase the disc's right half, restore the backdrop's left
    const res = await putMask(job.id, edited);
    expect(res.status).toBe(200);
    const view = (await res.json()) as JobView;
    expect(view.status).toBe('done');
    expect(view.mask?.source).toBe('edited');
    expect(Date.parse(view.mask!.editedAt!)).toBeGreaterThan(Date.parse(job.createdAt));
    expect(Object.keys(view.timings)).not.toContain('segmenting');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const result = await alphaOf(`${server.url}/api/jobs/${job.id}/result`);
    expect([result.at(20, 20), result.at(100, 90), result.at(150, 90), result.at(20, 170)]).toEqual([
      255, 255, 0, 0,
    ]);
    const again = Buffer.from(await (await fetch(`${server.url}/api/jobs/${job.id}/mask`)).arrayBuffer());
    expect(again.equals(edited)).toBe(true);
  }, 60_000);
});

describe('touch-up of a provider result', () => {
  const TRANSPARENT = {
    operations: { background: { remove: true, color: 'transparent' } },
    output: { format: 'png' },
  };

  it("applies the edited alpha to Claid's own image without calling Claid again", async () => {
    const job = await runJob({ image: photo, dialect: 'claid', request: TRANSPARENT, executor: 'claid' });
    expect(job.status).toBe('done');
    expect(job.mask).toBeUndefined();
    const calls = server.claid.requests.length;
    // The fake's cut-out is the negated photo at alpha 0.5 (127): that is the mask to start from.
    const start = await alphaOf(`${server.url}/api/jobs/${job.id}/mask`);
    expect(start.at(10, 10)).toBe(127);

    const res = await putMask(job.id, await maskPng((x) => x < 60));
    expect(res.status).toBe(200);
    const view = (await res.json()) as JobView;
    expect(view).toMatchObject({ status: 'done', executor: 'claid', mask: { source: 'edited' } });
    expect(view.warnings.map((w) => w.message).join(' ')).toContain('Touched up in Backdrop');
    expect(server.claid.requests.length).toBe(calls);
    const after = await alphaOf(`${server.url}/api/jobs/${job.id}/result`);
    expect([after.at(10, 10), after.at(200, 10)]).toEqual([255, 0]);

    // A second touch-up starts from Claid's result, not from the first touch-up.
    await putMask(job.id, await maskPng((x) => x >= 60));
    const second = await sharp(
      Buffer.from(await (await fetch(`${server.url}/api/jobs/${job.id}/result`)).arrayBuffer()),
    )
      .raw()
      .toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...second.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)];
    expect(px(200, 10)[3]).toBe(255);
    expect(px(10, 10)[3]).toBe(0);
  }, 60_000);

  it('says why an opaque provider result has no mask to touch up', async () => {
    const opaque = {
      operations: { background: { remove: true, color: '#FFFFFF' } },
      output: { format: 'jpeg' },
    };
    const job = await runJob({ image: photo, dialect: 'claid', request: opaque, executor: 'claid' });
    const res = await fetch(`${server.url}/api/jobs/${job.id}/mask`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not-a-cutout');
    expect(body.error.message).toContain('no transparency');
  }, 60_000);
});
