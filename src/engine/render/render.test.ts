import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { runPlanWith } from '../run-plan.ts';
import { sourceCache } from '../source-cache.ts';
import { blurBackground, discKernel } from './blur.ts';
import { encodeCanvas } from './encode.ts';
import { flattenInBands } from './frame.ts';
import { joinAlpha } from './mask-ops.ts';
import {
  BG,
  SUBJECT,
  encodePhoto,
  exactSegmenter,
  makePlan,
  rawPixels,
  syntheticPhoto,
} from './synthetic.ts';

beforeEach(() => sourceCache.clear());

describe('blur', () => {
  const photo = syntheticPhoto(240, 200, { left: 80, top: 50, width: 80, height: 100 }, true);
  for (const type of ['regular', 'lens'] as const) {
    it(`${type}: blurs the background, keeps the subject sharp, and does not bleed red into the background`, async () => {
      const out = await blurBackground(photo.rgb, photo.alpha, photo.width, photo.height, type, 'high');
      const at = (x: number, y: number) => [
        ...out.subarray((y * photo.width + x) * 3, (y * photo.width + x) * 3 + 3),
      ];
      // Stripes (yellow/blue, 4 px) average out: neighbouring columns become alike.
      const row = 20;
      const spread = Math.abs(at(10, row)[0]! - at(14, row)[0]!);
      expect(spread).toBeLessThan(30);
      // Right next to the subject the background has no red from it: red stays between blue's and yellow's.
      for (const x of [76, 78, 79, 160, 162]) {
        const [r, g] = at(x, 100);
        expect(Math.abs(r! - g!), `pixel ${x},100 = ${at(x, 100)}`).toBeLessThan(25);
      }
    });
  }

  it('keeps subject pixels identical after compositing', async () => {
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(photo),
      plan: makePlan({ background: { kind: 'blur', type: 'lens', level: 'medium' } }),
    });
    const { at } = await rawPixels(result.data);
    expect(at(80, 50)).toEqual([...SUBJECT]);
    expect(at(159, 149)).toEqual([...SUBJECT]);
    expect(at(120, 100)).toEqual([...SUBJECT]);
  });

  it('scales its strength with the image size', async () => {
    const small = discKernel(3);
    expect(small.width).toBe(7);
    expect(small.kernel[0]).toBe(0);
    expect(small.kernel[(7 * 7 - 1) / 2]).toBe(1);
  });
});

describe('framing through runPlan', () => {
  it('crops to the subject and pads exactly', async () => {
    const photo = syntheticPhoto(200, 160, { left: 70, top: 40, width: 60, height: 80 });
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(photo),
      plan: makePlan({
        background: { kind: 'color', hex: '#FFFFFF' },
        frame: {
          cropToSubject: true,
          fit: 'canvas',
          width: { px: 300 },
          height: { px: 300 },
          padding: { top: { px: 20 }, right: { px: 20 }, bottom: { px: 20 }, left: { px: 20 } },
        },
      }),
    });
    expect([result.width, result.height]).toEqual([300, 300]);
    const { at } = await rawPixels(result.data);
    // 60×80 in a 260×260 box → 195×260: x from 53 to 247, y from 20 to 279.
    expect(at(150, 19)).toEqual([255, 255, 255]);
    expect(at(150, 21)).toEqual([...SUBJECT]);
    expect(at(150, 278)).toEqual([...SUBJECT]);
    expect(at(150, 280)).toEqual([255, 255, 255]);
    expect(at(51, 150)).toEqual([255, 255, 255]);
    expect(at(55, 150)).toEqual([...SUBJECT]);
  });

  it('applies EXIF orientation: a portrait-tagged landscape JPEG comes out portrait', async () => {
    const photo = syntheticPhoto(200, 100, { left: 0, top: 0, width: 40, height: 20 });
    const jpeg = await encodePhoto(photo, 'jpeg', 6); // rotate 90° clockwise to display
    const result = await runPlanWith(exactSegmenter(), {
      image: jpeg,
      plan: makePlan({ subject: null, background: { kind: 'original' } }),
    });
    expect([result.width, result.height]).toEqual([100, 200]);
    const { at } = await rawPixels(result.data);
    // The red corner (top-left of the stored pixels) is now top-right.
    expect(at(95, 5)[0]).toBeGreaterThan(180);
    expect(at(5, 5)[2]).toBeGreaterThan(150);
  });

  it('keeps the interesting part for smart and content crop gravity', async () => {
    // Red object near the right edge of a wide photo; a centred square crop would miss it.
    const photo = syntheticPhoto(400, 100, { left: 330, top: 30, width: 40, height: 40 });
    for (const cropGravity of ['smart', 'content'] as const) {
      const result = await runPlanWith(exactSegmenter(), {
        image: await encodePhoto(photo),
        plan: makePlan({
          background: { kind: 'color', hex: '#FFFFFF' },
          frame: { fit: 'crop', width: { px: 100 }, height: { px: 100 }, cropGravity },
        }),
      });
      expect([result.width, result.height]).toEqual([100, 100]);
      const { data, info } = await rawPixels(result.data);
      let red = 0;
      for (let p = 0; p < info.width * info.height; p++)
        if (data[p * info.channels]! > 180 && data[p * info.channels + 1]! < 80) red++;
      expect(red, cropGravity).toBeGreaterThan(1500);
    }
    const centred = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(photo),
      plan: makePlan({ frame: { fit: 'crop', width: { px: 100 }, height: { px: 100 } } }),
    });
    expect((await rawPixels(centred.data)).at(50, 50)).toEqual([255, 255, 255]);
  });

  it('keeps the input resolution when nothing sizes it', async () => {
    const photo = syntheticPhoto(333, 177, { left: 100, top: 50, width: 50, height: 50 });
    const result = await runPlanWith(exactSegmenter(), { image: await encodePhoto(photo), plan: makePlan() });
    expect([result.width, result.height]).toEqual([333, 177]);
  });
});

describe('generated backdrop', () => {
  const generated = (seed?: number) =>
    makePlan({
      background: { kind: 'generated', description: 'on sand', itemAreaPercentage: 0.25, seed, extras: {} },
      output: { format: 'png' },
    });

  it('is deterministic for a seed and differs between seeds', async () => {
    const image = await encodePhoto(syntheticPhoto());
    const a = await runPlanWith(exactSegmenter(), { image, plan: generated(12663) });
    const b = await runPlanWith(exactSegmenter(), { image, plan: generated(12663) });
    const c = await runPlanWith(exactSegmenter(), { image, plan: generated(7) });
    expect(a.data.equals(b.data)).toBe(true);
    expect(a.data.equals(c.data)).toBe(false);
    expect(a.warnings.some((w) => w.path === 'background.generate.description')).toBe(true);
  });

  it('places the object at item_area_percentage of the canvas, with a shadow under it', async () => {
    const image = await encodePhoto(syntheticPhoto());
    const result = await runPlanWith(exactSegmenter(), { image, plan: generated(1) });
    const { data, info, at } = await rawPixels(result.data);
    let red = 0;
    for (let p = 0; p < info.width * info.height; p++) {
      const i = p * info.channels;
      if (data[i]! > 180 && data[i + 1]! < 80) red++;
    }
    expect(red / (info.width * info.height)).toBeCloseTo(0.25, 1);
    // Just below the object's base is darker than the same row far to the side.
    const bottom = Math.round((info.height + Math.sqrt(0.25 * 200 * 160 * (80 / 60))) / 2);
    const under = at(100, Math.min(info.height - 1, bottom + 1));
    const side = at(5, Math.min(info.height - 1, bottom + 1));
    expect(under[0]!).toBeLessThan(side[0]!);
  });

  it('tints the backdrop: grey becomes the colour', async () => {
    const image = await encodePhoto(syntheticPhoto());
    const plan = makePlan({
      background: { kind: 'generated', itemAreaPercentage: 0.2, seed: 3, tint: [255, 0, 0], extras: {} },
    });
    const { at } = await rawPixels((await runPlanWith(exactSegmenter(), { image, plan })).data);
    const [r, g, b] = at(2, 2);
    expect(r!).toBeGreaterThan(100);
    expect(g!).toBeLessThan(5);
    expect(b!).toBeLessThan(5);
  });
});

describe('generated backdrop with background_url', () => {
  it('blends the supplied image into the backdrop', async () => {
    const image = await encodePhoto(syntheticPhoto());
    const green = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const background = {
      kind: 'generated' as const,
      itemAreaPercentage: 0.2,
      seed: 5,
      backgroundUrl: 'https://example.com/floor.jpg',
      extras: {},
    };
    const plain = await runPlanWith(exactSegmenter(), {
      image,
      plan: makePlan({ background: { ...background, backgroundUrl: undefined } }),
    });
    const blended = await runPlanWith(exactSegmenter(), {
      image,
      plan: makePlan({ background }),
      assets: { generateBackground: green },
    });
    const before = (await rawPixels(plain.data)).at(3, 3);
    const after = (await rawPixels(blended.data)).at(3, 3);
    // Half-way between the grey studio and pure green.
    expect(after[1]! - after[0]!).toBeGreaterThan(90);
    expect(Math.abs(after[0]! - before[0]! / 2)).toBeLessThan(12);
  });
});

describe('framing limits and approximations', () => {
  it('refuses an output over the pixel limit, naming both sizes', async () => {
    const image = await encodePhoto(syntheticPhoto());
    await expect(
      runPlanWith(exactSegmenter(), {
        image,
        plan: makePlan({ frame: { fit: 'canvas', width: { px: 9000 }, height: { px: 9000 } } }),
        maxPixels: 50_000_000,
      }),
    ).rejects.toMatchObject({
      code: 'too-many-pixels',
      message: expect.stringContaining('9000×9000 (81.0 MP)'),
    });
  });

  it('fills an outpaint extension with the background and says so', async () => {
    const image = await encodePhoto(syntheticPhoto());
    const result = await runPlanWith(exactSegmenter(), {
      image,
      plan: makePlan({
        background: { kind: 'color', hex: '#000000' },
        frame: { fit: 'outpaint', width: { px: 400 }, height: { px: 160 } },
      }),
    });
    expect([result.width, result.height]).toEqual([400, 160]);
    expect((await rawPixels(result.data)).at(10, 80)).toEqual([0, 0, 0]);
    expect(result.warnings.some((w) => /Outpainting is approximated/.test(w.message))).toBe(true);
  });
});

describe('encoding', () => {
  const noise = () => {
    const width = 256;
    const height = 256;
    const data = Buffer.alloc(width * height * 3);
    let seed = 1;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = seed >>> 24;
    }
    return { data, width, height, channels: 3 as const };
  };

  it('lowers quality to meet max_file_size', async () => {
    const canvas = noise();
    const full = await encodeCanvas(canvas, { format: 'jpeg', quality: 95 });
    const limited = await encodeCanvas(canvas, {
      format: 'jpeg',
      quality: 95,
      maxFileSize: Math.round(full.data.length * 0.5),
    });
    expect(limited.data.length).toBeLessThanOrEqual(full.data.length * 0.5);
    expect(limited.warnings).toEqual([]);
  });

  it('warns when max_file_size cannot be met', async () => {
    const limited = await encodeCanvas(noise(), { format: 'webp', maxFileSize: 100 });
    expect(limited.warnings[0]?.message).toMatch(/under 100 bytes/);
    // The engine names the plan fact; the caller maps it to its request's path (requestWarnings).
    expect(limited.warnings[0]?.feature).toBe('maxFileSize');
    expect(limited.warnings[0]?.path).toBeUndefined();
  });

  it('writes every format with the right signature', async () => {
    const canvas = noise();
    for (const format of ['jpeg', 'png', 'webp', 'avif', 'tiff'] as const) {
      const encoded = await encodeCanvas(canvas, { format });
      expect((await sharp(encoded.data).metadata()).format).toBe(format === 'avif' ? 'heif' : format);
    }
  });
});

describe('input with its own transparency', () => {
  it('keeps already-transparent areas transparent', async () => {
    const photo = syntheticPhoto();
    const alpha = Buffer.alloc(photo.width * photo.height, 255);
    alpha.fill(0, 0, photo.width * 10); // top 10 rows transparent
    const png = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .joinChannel(alpha, { raw: { width: photo.width, height: photo.height, channels: 1 } })
      .png()
      .toBuffer();
    const original = await runPlanWith(exactSegmenter(), {
      image: png,
      plan: makePlan({ subject: null, background: { kind: 'original' } }),
    });
    const { at } = await rawPixels(original.data);
    expect(at(5, 5)[3]).toBe(0);
    expect(at(5, 50)).toEqual([...BG, 255]);
  });
});

describe('flattening a subject onto a colour', () => {
  it('band by band gives exactly the pixels of flattening the whole RGBA layer', async () => {
    const photo = syntheticPhoto(100, 37, { left: 20, top: 5, width: 50, height: 25 }, true);
    const { rgb, alpha, width, height } = photo;
    for (let i = 0; i < alpha.length; i++) alpha[i] = (i * 37) % 256; // every alpha level, soft edges
    const background = { r: 32, g: 160, b: 80 };
    const whole = await sharp(await joinAlpha(rgb, alpha, width, height), {
      raw: { width, height, channels: 4 },
    })
      .flatten({ background })
      .raw()
      .toBuffer();
    // 1 000-pixel bands: 10 rows each, the last band 7 rows.
    const banded = await flattenInBands({ rgb, alpha }, width, height, background, 1_000);
    expect(banded.length).toBe(width * height * 3);
    expect(banded.equals(whole)).toBe(true);
  });
});
