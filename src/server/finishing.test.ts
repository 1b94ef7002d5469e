/**
 * The server's finishing step on providers' results: the real BFF on loopback → fake Claid / Deep-Image,
 * whose cut-outs keep the subject's alpha of the photo sent (a PNG with a known silhouette), so where the
 * shadow must land is known exactly. No model pass: a transparent result carries its own alpha.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../recipe/index.ts';
import { batchForm, postBatch, waitForBatch } from './testing/batches.ts';
import { jobForm, postJob, startTestServer, waitForJob, type TestServer } from './testing/harness.ts';

const W = 200;
const H = 240;
/** The subject: an opaque block x 70..129, y 40..179 on a transparent photo; its base is row 179. */
const BOX = { left: 70, top: 40, width: 60, height: 140 };
const BASE = BOX.top + BOX.height - 1;

let server: TestServer;
let cutout: Buffer;

async function subjectPng(): Promise<Buffer> {
  const block = await sharp({
    create: { width: BOX.width, height: BOX.height, channels: 4, background: '#c8502a' },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width: W, height: H, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: block, left: BOX.left, top: BOX.top }])
    .png()
    .toBuffer();
}

const claidTransparent = {
  operations: { background: { remove: { category: 'products' }, color: 'transparent' } },
  output: { format: 'png' },
};
const deepTransparent = { background: { remove: 'auto', color: 'transparent' }, output_format: 'png' };

function withFinish(form: FormData, finish: unknown): FormData {
  form.append('finish', typeof finish === 'string' ? finish : JSON.stringify(finish));
  return form;
}

async function alphaOf(id: string): Promise<{ alpha: Buffer; width: number; height: number }> {
  const res = await fetch(`${server.url}/api/jobs/${id}/result`);
  expect(res.headers.get('cache-control')).toBe('private, no-cache');
  const bytes = Buffer.from(await res.arrayBuffer());
  const { data, info } = await sharp(bytes).ensureAlpha().extractChannel(3).raw().toBuffer({
    resolveWithObject: true,
  });
  return { alpha: data, width: info.width, height: info.height };
}

/** Mean alpha (0..255) over a rectangle of the result. */
function meanAlpha(a: { alpha: Buffer; width: number }, x0: number, y0: number, x1: number, y1: number) {
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += a.alpha[y * a.width + x]!;
  return sum / ((x1 - x0) * (y1 - y0));
}

async function runFinished(executor: 'claid' | 'deep-image', finish: unknown): Promise<JobView> {
  const request = executor === 'claid' ? claidTransparent : deepTransparent;
  const dialect = executor === 'claid' ? 'claid' : 'deep-image';
  const created = await postJob(
    server.url,
    withFinish(jobForm({ image: cutout, dialect, executor, request }), finish),
  );
  expect(created.status).toBe(202);
  return waitForJob(server.url, created.body.id!);
}

beforeAll(async () => {
  server = await startTestServer();
  cutout = await subjectPng();
});
afterAll(() => server.close());

describe('finish on POST /api/jobs', () => {
  it('refuses bad finishing before any work, naming the path under finish', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ shadow: { type: 'contact', opacity: 2 } }, 'finish.shadow.opacity', /between 0 and 1/],
      [{ shadow: { type: 'glow' } }, 'finish.shadow.type', /"glow" is not a choice/],
      [{ shadow: { type: 'cast' }, place: {} }, 'finish.place', /not a finishing setting/],
      ['{"shadow": ', 'finish', /not valid JSON/],
    ];
    const before = server.claid.requests.length;
    for (const [finish, path, message] of cases) {
      const form = withFinish(
        jobForm({ image: cutout, dialect: 'claid', executor: 'claid', request: claidTransparent }),
        finish,
      );
      const res = await postJob(server.url, form);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid-finish', path });
      expect(res.body.error!.message).toMatch(message);
    }
    expect(server.claid.requests.length).toBe(before);
  });

  it('finishes a Claid cut-out with a contact shadow under the base, never on the subject', async () => {
    const view = await runFinished('claid', { shadow: { type: 'contact' } });
    expect(view.status).toBe('done');
    expect(view.finish).toEqual({ shadow: { type: 'contact' } });
    expect(view.timings.finishing).toBeGreaterThanOrEqual(0);
    // The provider got the exact request: finishing never travels in the provider body.
    const upload = server.claid.requests.find((r) => r.path === '/v1-beta1/image/edit/upload')!;
    expect(JSON.parse(upload.fields.data!)).not.toHaveProperty('finish');
    const result = await alphaOf(view.id);
    expect(result).toMatchObject({ width: W, height: H });
    // Just under the base, across the base's width: shadow. Far above the subject: nothing.
    expect(meanAlpha(result, BOX.left + 5, BASE + 1, BOX.left + BOX.width - 5, BASE + 4)).toBeGreaterThan(60);
    expect(meanAlpha(result, 0, 0, W, 20)).toBe(0);
    // The subject itself stays opaque (the shadow goes under it).
    expect(meanAlpha(result, BOX.left + 2, BOX.top + 2, BOX.left + BOX.width - 2, BASE - 2)).toBe(255);
  });

  it('casts a Deep-Image cut-out’s shadow away from the light (light from the left → shadow right)', async () => {
    const view = await runFinished('deep-image', {
      shadow: { type: 'cast', angle: 270, elevation: 20, opacity: 0.6 },
    });
    expect(view.status).toBe('done');
    const result = await alphaOf(view.id);
    // On the floor: the rows around the base line, beside the subject.
    const band = [BASE - 6, BASE + 8] as const;
    const right = meanAlpha(result, BOX.left + BOX.width + 2, band[0], W, band[1]);
    const left = meanAlpha(result, 0, band[0], BOX.left - 2, band[1]);
    expect(right).toBeGreaterThan(10);
    expect(right).toBeGreaterThan(4 * left);
  });
});

describe('PUT /api/jobs/:id/finish', () => {
  it('re-renders a provider job from its kept result, without calling the provider again', async () => {
    const view = await runFinished('claid', { shadow: { type: 'contact' } });
    const calls = server.claid.requests.length;
    const put = async (body: string) =>
      fetch(`${server.url}/api/jobs/${view.id}/finish`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body,
      });

    const none = await put('{"shadow": {"type": "none"}}');
    expect(none.status).toBe(200);
    const changed = (await none.json()) as JobView;
    expect(changed).toMatchObject({ status: 'done', finish: { shadow: { type: 'none' } } });
    expect(server.claid.requests.length).toBe(calls);
    expect(
      meanAlpha(await alphaOf(view.id), BOX.left + 5, BASE + 1, BOX.left + BOX.width - 5, BASE + 4),
    ).toBe(0);

    // Back to a shadow: from the provider's own bytes, not from the unshadowed render before.
    expect((await put('{"shadow": {"type": "contact", "opacity": 1}}')).status).toBe(200);
    const dense = await alphaOf(view.id);
    expect(meanAlpha(dense, BOX.left + 5, BASE + 1, BOX.left + BOX.width - 5, BASE + 4)).toBeGreaterThan(90);

    const bad = await put('{"shadow": {"type": "contact", "softness": -1}}');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { path: string } }).error.path).toBe('finish.shadow.softness');
    expect(server.claid.requests.length).toBe(calls);
  });

  it('answers 404 for an unknown job and 400 for an empty body', async () => {
    const missing = await fetch(`${server.url}/api/jobs/00000000-0000-4000-8000-000000000000/finish`, {
      method: 'PUT',
      body: '{}',
    });
    expect(missing.status).toBe(404);
    const view = await runFinished('deep-image', { shadow: { type: 'drop' } });
    const empty = await fetch(`${server.url}/api/jobs/${view.id}/finish`, { method: 'PUT', body: '' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('missing-finish');
  });
});

describe('finish on POST /api/batches', () => {
  it('gives every item the batch’s finishing, echoed on the batch and each job', async () => {
    const form = batchForm({ dialect: 'claid', executor: 'claid', request: claidTransparent }, [
      { name: 'a.png', data: cutout },
      { name: 'b.png', data: cutout },
    ]);
    form.append('finish', JSON.stringify({ shadow: { type: 'contact' } }));
    const created = await postBatch(server.url, form);
    expect(created.status).toBe(202);
    const batch = await waitForBatch(server.url, created.body.id);
    expect(batch.finish).toEqual({ shadow: { type: 'contact' } });
    expect(batch.counts.done).toBe(2);
    for (const item of batch.items) {
      const job = await waitForJob(server.url, item.jobId);
      expect(job.finish).toEqual({ shadow: { type: 'contact' } });
      const result = await alphaOf(item.jobId);
      expect(meanAlpha(result, BOX.left + 5, BASE + 1, BOX.left + BOX.width - 5, BASE + 4)).toBeGreaterThan(
        60,
      );
    }
  });
});

describe('local executor', () => {
  it('draws the finishing itself, and a finishing change re-renders with no model pass', async () => {
    const photo = await readFile(new URL('../../public/samples/mug.jpg', import.meta.url));
    const request = { background: { remove: 'auto', color: '#F4F1EC' }, output_format: 'png' };
    const created = await postJob(
      server.url,
      withFinish(jobForm({ image: photo, dialect: 'deep-image', executor: 'local', request }), {
        shadow: { type: 'contact' },
      }),
    );
    const view = await waitForJob(server.url, created.body.id!, 120_000);
    expect(view.status).toBe('done');
    expect(view.timings.segmenting).toBeGreaterThan(0);
    const before = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/result`)).arrayBuffer());

    const put = await fetch(`${server.url}/api/jobs/${view.id}/finish`, {
      method: 'PUT',
      body: JSON.stringify({ shadow: { type: 'cast', angle: 270 } }),
    });
    expect(put.status).toBe(200);
    const changed = (await put.json()) as JobView;
    expect(changed.finish).toEqual({ shadow: { type: 'cast', angle: 270 } });
    expect(changed.timings).not.toHaveProperty('segmenting');
    expect(changed.previewAvailable).toBe(view.previewAvailable);
    const after = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/result`)).arrayBuffer());
    expect(after.equals(before)).toBe(false);
  }, 180_000);
});

describe('finishing a touched-up mask', () => {
  /** A grey mask PNG at the photo's size: white inside the block above `cutAt`, black elsewhere. */
  async function topOfBlock(cutAt: number): Promise<Buffer> {
    const grey = Buffer.alloc(W * H);
    for (let y = BOX.top; y < cutAt; y++) grey.fill(255, y * W + BOX.left, y * W + BOX.left + BOX.width);
    return sharp(grey, { raw: { width: W, height: H, channels: 1 } })
      .png()
      .toBuffer();
  }

  it('moves the shadow to the edited silhouette’s base and keeps the finishing', async () => {
    const view = await runFinished('claid', { shadow: { type: 'contact' } });
    expect(view.status).toBe('done');
    const cutAt = 110; // the user erases the block's lower half: its new base is row 109
    const put = await fetch(`${server.url}/api/jobs/${view.id}/mask`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(await topOfBlock(cutAt)),
    });
    expect(put.status).toBe(200);
    const edited = (await put.json()) as JobView;
    expect(edited).toMatchObject({ status: 'done', mask: { source: 'edited' } });
    expect(edited.finish).toEqual({ shadow: { type: 'contact' } });
    const result = await alphaOf(view.id);
    // A dark pool just under the new base; the erased half and the old base's floor carry almost nothing.
    const underNewBase = meanAlpha(result, BOX.left + 5, cutAt, BOX.left + BOX.width - 5, cutAt + 3);
    expect(underNewBase).toBeGreaterThan(60);
    expect(meanAlpha(result, BOX.left + 5, cutAt + 30, BOX.left + BOX.width - 5, BASE)).toBeLessThan(5);
    expect(meanAlpha(result, BOX.left + 5, BASE + 1, BOX.left + BOX.width - 5, BASE + 4)).toBeLessThan(5);
    expect(meanAlpha(result, BOX.left + 2, BOX.top + 2, BOX.left + BOX.width - 2, cutAt - 2)).toBe(255);
  });
});
