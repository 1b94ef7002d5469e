import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { runPlanWith } from './run-plan.ts';
import {
  BG,
  SUBJECT,
  encodePhoto,
  exactSegmenter,
  makePlan,
  rawPixels,
  syntheticPhoto,
} from './render/synthetic.ts';
import { sourceCache } from './source-cache.ts';
import { animation, cutJpeg, gradientJpeg, heicSample, pngWithBadTextChunk } from './testing/hard-inputs.ts';

const near = (actual: number[], expected: readonly number[], tolerance = 3) =>
  expected.every((v, i) => Math.abs(actual[i]! - v) <= tolerance);

beforeEach(() => sourceCache.clear());

describe('runPlan: backgrounds', () => {
  it('fills the background with the colour and leaves the subject unchanged', async () => {
    const photo = syntheticPhoto();
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(photo),
      plan: makePlan({ background: { kind: 'color', hex: '#10C020' } }),
    });
    expect(result.mime).toBe('image/png');
    expect([result.width, result.height]).toEqual([200, 160]);
    const { at, info } = await rawPixels(result.data);
    expect(info.channels).toBe(3);
    expect(at(5, 5)).toEqual([0x10, 0xc0, 0x20]);
    expect(at(199, 159)).toEqual([0x10, 0xc0, 0x20]);
    expect(at(100, 80)).toEqual([...SUBJECT]);
    expect(at(70, 40)).toEqual([...SUBJECT]);
  });

  it('keeps alpha in PNG for a transparent background', async () => {
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ background: { kind: 'transparent' } }),
    });
    const { at, info } = await rawPixels(result.data);
    expect(info.channels).toBe(4);
    expect(at(5, 5)[3]).toBe(0);
    expect(at(100, 80)).toEqual([...SUBJECT, 255]);
  });

  it('makes transparent white in JPEG, with a warning', async () => {
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ background: { kind: 'transparent' }, output: { format: 'jpeg', quality: 95 } }),
    });
    expect(result.mime).toBe('image/jpeg');
    const { at, info } = await rawPixels(result.data);
    expect(info.channels).toBe(3);
    expect(near(at(5, 5), [255, 255, 255])).toBe(true);
    expect(result.warnings.some((w) => /JPEG has no transparency.*white/.test(w.message))).toBe(true);
  });

  it('keeps the original untouched without segmenting when nothing needs the subject', async () => {
    const segmenter = exactSegmenter();
    const result = await runPlanWith(segmenter, {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ subject: null, background: { kind: 'original' } }),
    });
    const { at } = await rawPixels(result.data);
    expect(at(5, 5)).toEqual([...BG]);
    expect(segmenter.calls.segment).toBe(0);
  });

  it('detects a uniform backdrop colour for auto colour, and falls back to white on a busy border', async () => {
    const plain = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ background: { kind: 'auto-color' } }),
    });
    const { at } = await rawPixels(plain.data);
    expect(near(at(3, 3), BG, 2)).toBe(true);
    expect(plain.warnings.some((w) => w.message.includes('#2040C0'))).toBe(true);

    const busy = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto(200, 160, undefined, true)),
      plan: makePlan({ background: { kind: 'auto-color' } }),
    });
    const busyPixels = await rawPixels(busy.data);
    expect(busyPixels.at(3, 3)).toEqual([255, 255, 255]);
    expect(busy.warnings.some((w) => /white was used/.test(w.message))).toBe(true);
  });

  it('cover-fits a replacement image behind the subject', async () => {
    const sharp = (await import('sharp')).default;
    const replacement = await sharp({
      create: { width: 50, height: 400, channels: 3, background: '#00ff80' },
    })
      .png()
      .toBuffer();
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ background: { kind: 'image', url: 'https://example.com/bg.jpg' } }),
      assets: { backgroundImage: replacement },
    });
    const { at } = await rawPixels(result.data);
    expect([result.width, result.height]).toEqual([200, 160]);
    expect(at(0, 0)).toEqual([0, 255, 128]);
    expect(at(199, 159)).toEqual([0, 255, 128]);
    expect(at(100, 80)).toEqual([...SUBJECT]);
  });

  it('says which image is missing when replace has no asset', async () => {
    await expect(
      runPlanWith(exactSegmenter(), {
        image: await encodePhoto(syntheticPhoto()),
        plan: makePlan({ background: { kind: 'image', url: 'https://example.com/bg.jpg' } }),
      }),
    ).rejects.toMatchObject({
      code: 'missing-asset',
      message: expect.stringContaining('https://example.com/bg.jpg'),
    });
  });
});

describe('runPlan: stages, cache, preview, cancel', () => {
  it('reports stages in order with timings, and reuses the mask on a re-render', async () => {
    const segmenter = exactSegmenter();
    const image = await encodePhoto(syntheticPhoto());
    const stages: string[] = [];
    const first = await runPlanWith(segmenter, {
      image,
      plan: makePlan({ background: { kind: 'color', hex: '#000000' } }),
      onProgress: (stage) => stages.push(stage),
    });
    expect(stages).toEqual([
      'decoding',
      'segmenting',
      'refining',
      'compositing',
      'framing',
      'encoding',
      'done',
    ]);
    expect(Object.keys(first.timings)).toEqual([
      'decoding',
      'segmenting',
      'refining',
      'compositing',
      'framing',
      'encoding',
    ]);
    const second = await runPlanWith(segmenter, {
      image,
      plan: makePlan({ background: { kind: 'color', hex: '#FF00FF' } }),
    });
    expect(segmenter.calls.segment).toBe(1);
    expect(Object.keys(second.timings)).toEqual(['compositing', 'framing', 'encoding']);
    expect((await rawPixels(second.data)).at(1, 1)).toEqual([255, 0, 255]);
  });

  it('names the stage after what it does: a blur plan blurs instead of compositing', async () => {
    const stages: string[] = [];
    await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ background: { kind: 'blur', type: 'regular', level: 'low' } }),
      onProgress: (stage) => stages.push(stage),
    });
    expect(stages).toEqual(['decoding', 'segmenting', 'refining', 'blurring', 'framing', 'encoding', 'done']);
  });

  it('with cache: false (batch items) keeps nothing for re-renders and asks for no mask cache', async () => {
    const calls = { segment: 0, foreground: 0 };
    const base = exactSegmenter(calls);
    const keys: (string | undefined)[] = [];
    const segmenter = {
      ...base,
      segment: (image: never, opts?: { cacheKey?: string }) => (
        keys.push(opts?.cacheKey),
        base.segment(image, opts)
      ),
    };
    const image = await encodePhoto(syntheticPhoto());
    const plan = makePlan({ background: { kind: 'color', hex: '#000000' } });
    await runPlanWith(segmenter, { image, plan, cache: false });
    const again = await runPlanWith(segmenter, { image, plan, cache: false });
    expect(calls.segment).toBe(2);
    expect(keys).toEqual([undefined, undefined]);
    expect(Object.keys(again.timings)).toContain('decoding');
  });

  it('renders a quick preview within maxSide', async () => {
    const photo = syntheticPhoto(1600, 1200, { left: 600, top: 300, width: 400, height: 600 });
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(photo, 'jpeg'),
      plan: makePlan({ frame: { width: { px: 3000 }, height: { px: 3000 }, fit: 'canvas' } }),
      maxSide: 512,
    });
    expect(Math.max(result.width, result.height)).toBeLessThanOrEqual(512);
    expect(result.width).toBe(result.height);
  });

  it('throws EngineError cancelled when aborted, between stages', async () => {
    const controller = new AbortController();
    const segmenter = exactSegmenter();
    const slow = {
      ...segmenter,
      async segment(...args: Parameters<typeof segmenter.segment>) {
        controller.abort();
        return segmenter.segment(...args);
      },
    };
    const run = runPlanWith(slow, {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan(),
      signal: controller.signal,
    });
    await expect(run).rejects.toBeInstanceOf(EngineError);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('passes plan notes and the approximation on as warnings', async () => {
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({
        subject: { hint: 'general', objectToKeep: 'bottle' },
        notes: [{ path: 'output_format', message: 'No output_format: Backdrop assumes JPEG.' }],
      }),
    });
    expect(result.warnings).toContainEqual({
      path: 'output_format',
      message: 'No output_format: Backdrop assumes JPEG.',
    });
    expect(result.warnings.some((w) => /"bottle".*approximated|approximated.*bottle/.test(w.message))).toBe(
      true,
    );
  });
});

describe('runPlan: bad input', () => {
  it('refuses bytes that are not an image', async () => {
    await expect(
      runPlanWith(exactSegmenter(), { image: Buffer.from('definitely not a photo'), plan: makePlan() }),
    ).rejects.toMatchObject({ code: 'unsupported-format', message: expect.stringMatching(/JPEG, PNG/) });
  });

  it('refuses a truncated JPEG as damaged, in the decoder’s words', async () => {
    const jpeg = await encodePhoto(syntheticPhoto(), 'jpeg');
    await expect(
      runPlanWith(exactSegmenter(), { image: jpeg.subarray(0, jpeg.length / 2), plan: makePlan() }),
    ).rejects.toMatchObject({
      code: 'damaged-image',
      message: expect.stringContaining('premature end of JPEG'),
    });
  });

  it('refuses SVG by name', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await expect(runPlanWith(exactSegmenter(), { image: svg, plan: makePlan() })).rejects.toMatchObject({
      code: 'unsupported-format',
      message: expect.stringContaining('SVG'),
    });
  });

  it('names the limit and the actual size when there are too many pixels', async () => {
    await expect(
      runPlanWith(exactSegmenter(), {
        image: await encodePhoto(syntheticPhoto()),
        plan: makePlan(),
        maxPixels: 10_000,
      }),
    ).rejects.toMatchObject({
      code: 'too-many-pixels',
      message: expect.stringMatching(/200×160 \(0\.032 MP\).*limit of 0\.010 MP/),
    });
  });
});

describe('runPlan: inputs a new user tries', () => {
  it('says which frame of an animation it used and how many it left out', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const result = await runPlanWith(exactSegmenter(), {
        image: await animation(format, 3),
        plan: makePlan(),
      });
      const label = format === 'gif' ? 'GIF' : 'WebP';
      expect(result.warnings, format).toContainEqual({
        message: `The image is an animated ${label} with 3 frames; the local engine edits still images, so it used frame 1 and left out the other 2. To edit another frame, export that frame as PNG and run it.`,
      });
    }
  });

  it('refuses a damaged JPEG and a HEIC before any work, and passes a harmless decoder warning on', async () => {
    const segmenter = exactSegmenter();
    await expect(
      runPlanWith(segmenter, { image: cutJpeg(await gradientJpeg()), plan: makePlan() }),
    ).rejects.toMatchObject({ code: 'damaged-image' });
    await expect(runPlanWith(segmenter, { image: heicSample(), plan: makePlan() })).rejects.toMatchObject({
      code: 'unsupported-format',
      format: 'heic',
    });
    expect(segmenter.calls.segment).toBe(0);
    const png = await encodePhoto(syntheticPhoto());
    const result = await runPlanWith(segmenter, { image: pngWithBadTextChunk(png), plan: makePlan() });
    expect(result.warnings).toContainEqual({
      message:
        'The image decoder warned “tEXt: CRC error” while reading the image; every pixel was decoded, but check the result.',
    });
  });

  it('refuses a damaged backdrop image by its name', async () => {
    await expect(
      runPlanWith(exactSegmenter(), {
        image: await encodePhoto(syntheticPhoto()),
        plan: makePlan({ background: { kind: 'image', url: 'https://example.com/b.jpg' } }),
        assets: { backgroundImage: cutJpeg(await gradientJpeg()) },
      }),
    ).rejects.toMatchObject({
      code: 'damaged-image',
      message: expect.stringMatching(/^The background image is damaged/),
    });
  });

  it('refuses a photo too small for the subject model, but runs it when no subject is needed', async () => {
    const tiny = await encodePhoto(syntheticPhoto(24, 18, { left: 6, top: 4, width: 12, height: 10 }));
    await expect(runPlanWith(exactSegmenter(), { image: tiny, plan: makePlan() })).rejects.toMatchObject({
      code: 'too-small',
      message: expect.stringContaining('24×18 px'),
    });
    const original = makePlan({ subject: null, background: { kind: 'original' } });
    const kept = await runPlanWith(exactSegmenter(), { image: tiny, plan: original });
    expect([kept.width, kept.height]).toEqual([24, 18]);
  });

  it('says so when the mask is empty instead of passing off an empty cut-out', async () => {
    const noSubject = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2050c0' } })
      .png()
      .toBuffer();
    const result = await runPlanWith(exactSegmenter(), { image: noSubject, plan: makePlan() });
    expect(result.warnings.some((w) => w.message.startsWith('No subject was found: the mask is empty'))).toBe(
      true,
    );
    const found = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan(),
    });
    expect(found.warnings.some((w) => w.message.startsWith('No subject was found'))).toBe(false);
  });
});
