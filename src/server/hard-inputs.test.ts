/**
 * Inputs a new user tries (issue 10), at the API: what each executor accepts is what it decodes, a damaged
 * image is refused at upload with the decoder's words, animations say what providers will do with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorsResponse, JobView } from '../recipe/index.ts';
import {
  animation,
  cutJpeg,
  gradientJpeg,
  heicSample,
  pngWithBadTextChunk,
} from '../engine/testing/hard-inputs.ts';
import { batchForm, postBatch, waitForBatch } from './testing/batches.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';

let server: TestServer;
const claidRequest = { operations: { background: { remove: true, color: '#FFFFFF' } } };
const send = (image: Buffer, executor: 'local' | 'claid', url = server.url, name = 'photo') =>
  postJob(url, jobForm({ image, imageName: name, dialect: 'claid', executor, request: claidRequest }));
const job = async (id: string) => (await (await fetch(`${server.url}/api/jobs/${id}`)).json()) as JobView;

const HEIC_TIP = '(on an iPhone: Settings › Camera › Formats › Most Compatible)';

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('what each executor accepts', () => {
  it('/api/executors lists what the local decoder proved it decodes, and what providers document', async () => {
    const body = (await (await fetch(`${server.url}/api/executors`)).json()) as ExecutorsResponse;
    const types = Object.fromEntries(body.executors.map((e) => [e.id, e.inputTypes]));
    expect(types.local).toEqual([
      'image/jpeg',
      'image/png',
      'image/webp',
      'image/avif',
      'image/tiff',
      'image/gif',
    ]);
    expect(types.claid).toContain('image/heic');
    expect(types['deep-image']).toContain('image/heic');
    expect(types.claid).not.toContain('image/bmp'); // documented by Claid, but our guard cannot check it
    expect(body.limits.types).toContain('image/heic'); // some available executor (a provider) takes it
  });

  it('refuses HEIC for the local engine at upload, naming the format and what to do', async () => {
    const res = await send(heicSample(), 'local', server.url, 'IMG_0042.heic');
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported-image-type', path: 'image' });
    expect(res.body.error!.message).toMatch(
      /^The image is HEIC, which the local engine cannot decode on this server \(libvips [\d.]+ in sharp [\d.]+ has no HEIC decoder\)\. /,
    );
    expect(res.body.error!.message).toContain(
      `Export it as JPEG or PNG ${HEIC_TIP}, or run it on Claid or Deep-Image, which accept HEIC.`,
    );
  });

  it('takes HEIC for Claid, which decodes it itself', async () => {
    const res = await send(heicSample(), 'claid');
    expect(res.status).toBe(202);
    const view = await waitForJob(server.url, res.body.id!);
    expect(view.error).toBeUndefined();
    expect(view.status).toBe('done');
    expect(view.input).toMatchObject({ type: 'image/heic', width: 16, height: 12 });
  });

  it('without provider keys, says the providers need one', async () => {
    const bare = await startTestServer({ env: { CLAID_API_KEY: '', DEEP_IMAGE_API_KEY: '' } });
    try {
      const body = (await (await fetch(`${bare.url}/api/executors`)).json()) as ExecutorsResponse;
      expect(body.limits.types).not.toContain('image/heic');
      const res = await send(heicSample(), 'local', bare.url);
      expect(res.body.error!.message).toContain(
        'or run it on Claid or Deep-Image, which accept HEIC (each needs its API key set on the server).',
      );
    } finally {
      await bare.close();
    }
  });
});

describe('damaged images', () => {
  it('refuses a JPEG cut to 60% that ends in FF D9, for every executor, in the decoder’s words', async () => {
    const cut = cutJpeg(await gradientJpeg());
    const sentToClaid = server.claid.requests.length;
    for (const executor of ['local', 'claid'] as const) {
      const res = await send(cut, executor);
      expect(res.status, executor).toBe(422);
      expect(res.body.error, executor).toMatchObject({ code: 'damaged-image', path: 'image' });
      expect(res.body.error!.message).toContain('“Corrupt JPEG data: premature end of data segment”');
    }
    expect(server.claid.requests.length).toBe(sentToClaid);
  });

  it('fails a provider job whose result arrives cut short, instead of calling it done', async () => {
    server.claid.script({ kind: 'damaged-result' });
    const created = await postJob(
      server.url,
      jobForm({
        image: await samplePng(64, 48),
        dialect: 'claid',
        executor: 'claid',
        request: { ...claidRequest, output: { format: 'jpeg' } },
      }),
    );
    const view = await waitForJob(server.url, created.body.id!);
    expect(view.status).toBe('failed');
    expect(view.error).toMatchObject({ code: 'provider-bad-response', executor: 'claid' });
    expect(view.error!.message).toContain('Claid returned a damaged image (the decoder reports “');
  });

  it('passes a harmless decoder warning on to a provider job', async () => {
    const res = await send(pngWithBadTextChunk(await samplePng(64, 48)), 'claid');
    expect(res.status).toBe(202);
    expect((await job(res.body.id!)).warnings).toContainEqual({
      message:
        'The image decoder warned “tEXt: CRC error” while checking the image; every pixel was decoded, but check the result.',
    });
  });
});

describe('animations', () => {
  it('a provider job says how many frames will be left out, and the input records the frames', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const res = await send(await animation(format, 3), 'claid');
      expect(res.status, format).toBe(202);
      const view = await job(res.body.id!);
      expect(view.input.frames).toBe(3);
      expect(view.warnings).toContainEqual({
        message: `The image is an animated ${format.toUpperCase()} with 3 frames; Claid documents still photos only, so expect one frame back and the other 2 left out. To choose the frame, export it as PNG and run that.`,
      });
    }
  });
});

describe('batches check each input as a single upload would', () => {
  const refusalOf = async (image: Buffer, executor: 'local' | 'claid') =>
    (await send(image, executor)).body.error!;

  it('a HEIC or a damaged JPEG fails alone, in the same words; the rest of the batch runs', async () => {
    const good = await gradientJpeg(240, 160);
    const cut = cutJpeg(await gradientJpeg());
    const resize = { operations: { resizing: { width: 120, height: 80, fit: 'crop' } } };
    const created = await postBatch(
      server.url,
      batchForm({ dialect: 'claid', executor: 'local', request: resize }, [
        { name: 'good.jpg', data: good, type: 'image/jpeg' },
        { name: 'IMG_0042.heic', data: heicSample(), type: 'image/heic' },
        { name: 'cut.jpg', data: cut, type: 'image/jpeg' },
      ]),
    );
    expect(created.status).toBe(202);
    const [ok, heic, damaged] = created.body.items;
    const single = { heic: await refusalOf(heicSample(), 'local'), cut: await refusalOf(cut, 'local') };
    expect(heic!.error).toMatchObject({ code: 'unsupported-image-type', path: 'images[1]' });
    expect(heic!.error!.message).toBe(
      single.heic.message.replace('The image is', 'The image "IMG_0042.heic" is'),
    );
    expect(damaged!.error).toMatchObject({ code: 'damaged-image', path: 'images[2]' });
    expect(damaged!.error!.message).toBe(single.cut.message.replace('The image', 'The image "cut.jpg"'));
    expect(damaged!.error!.message).toContain('“Corrupt JPEG data: premature end of data segment”');
    const done = await waitForBatch(server.url, created.body.id, undefined, 60_000);
    expect(done.counts).toMatchObject({ done: 1, failed: 2, total: 3 });
    expect((await job(ok!.jobId)).output).toMatchObject({ width: 120, height: 80 });
  });

  it('a provider batch item says which frames it will drop, and takes HEIC', async () => {
    const created = await postBatch(
      server.url,
      batchForm({ dialect: 'claid', executor: 'claid', request: claidRequest }, [
        { name: 'spin.gif', data: await animation('gif', 3), type: 'image/gif' },
        { name: 'IMG_0042.heic', data: heicSample(), type: 'image/heic' },
      ]),
    );
    expect(created.status).toBe(202);
    const [gif, heic] = created.body.items;
    expect(heic!.error).toBeUndefined();
    expect((await job(gif!.jobId)).warnings).toContainEqual({
      message:
        'The image is an animated GIF with 3 frames; Claid documents still photos only, so expect one frame back and the other 2 left out. To choose the frame, export it as PNG and run that.',
    });
  });
});
