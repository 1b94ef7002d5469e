/** Finishing a result another executor made: where the alpha comes from, what can be re-laid out. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { finishResultWith } from './finish-result.ts';
import { exactSegmenter, makePlan, rawPixels, SUBJECT, syntheticPhoto } from './render/synthetic.ts';

const photo = syntheticPhoto(200, 160, { left: 80, top: 40, width: 40, height: 90 });

/** The photo as a provider would return it: the subject on `background` (a colour) or cut out. */
async function providerResult(
  background: [number, number, number] | 'transparent',
  format: 'png' | 'jpeg' = 'png',
) {
  const { width, height } = photo;
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const inside = photo.alpha[p]! > 0;
    const color = inside ? SUBJECT : background === 'transparent' ? [0, 0, 0] : background;
    rgba.set([...color, inside || background !== 'transparent' ? 255 : 0], p * 4);
  }
  const image = sharp(rgba, { raw: { width, height, channels: 4 } });
  return format === 'png' ? image.png().toBuffer() : image.removeAlpha().jpeg({ quality: 95 }).toBuffer();
}

describe('finishing a provider’s result', () => {
  it('uses a cut-out’s own alpha: no segmentation, the shadow semi-transparent under the subject', async () => {
    const segmenter = exactSegmenter();
    const out = await finishResultWith(segmenter, {
      result: await providerResult('transparent'),
      finish: { shadow: { type: 'contact' } },
      plan: makePlan({ background: { kind: 'transparent' } }),
    });
    expect(segmenter.calls.segment).toBe(0);
    expect(out.alpha).toBe('result-alpha');
    expect(out.computedMask).toBeUndefined();
    expect(out.format).toBe('png');
    const { at } = await rawPixels(out.data);
    expect(at(100, 131)[3]!).toBeGreaterThan(60);
    expect(at(100, 131).slice(0, 3)).toEqual([0, 0, 0]);
    expect(at(100, 80)).toEqual([...SUBJECT, 255]);
    expect(at(5, 5)[3]).toBe(0);
  });

  it('segments an opaque result once, re-lays the subject out on its colour, and reuses the mask next time', async () => {
    const segmenter = exactSegmenter();
    const input = {
      result: await providerResult([255, 255, 255], 'jpeg'),
      finish: { shadow: { type: 'cast' as const, angle: 270 }, placement: { scale: 0.75, margin: 0.05 } },
      plan: makePlan({ background: { kind: 'color', hex: '#FFFFFF' }, output: { format: 'jpeg' } }),
    };
    const first = await finishResultWith(segmenter, input);
    expect(segmenter.calls.segment).toBe(1);
    expect(first.alpha).toBe('engine-mask');
    expect(first.computedMask).toBeInstanceOf(Buffer);
    expect(first.format).toBe('jpeg');
    const again = await finishResultWith(segmenter, { ...input, resultMask: first.computedMask });
    expect(segmenter.calls.segment).toBe(1);
    expect(again.computedMask).toBeUndefined();
    const { data, info } = await rawPixels(again.data);
    // Fill 0.75 of 160 px = 120 px tall, standing on the floor line 152 (margin 8 px).
    let top = 999;
    let bottom = -1;
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        const i = (y * info.width + x) * info.channels;
        if (data[i]! > 150 && data[i + 1]! < 100) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    expect(bottom).toBeGreaterThanOrEqual(150);
    expect(bottom).toBeLessThanOrEqual(152);
    expect(bottom - top + 1).toBeGreaterThanOrEqual(118);
    // Light from the left: the shadow lies to the right of the base, not to the left.
    const dark = (x0: number, x1: number) => {
      let sum = 0;
      for (let y = 130; y < 155; y++)
        for (let x = x0; x < x1; x++) sum += 255 - data[(y * info.width + x) * 3]!;
      return sum;
    };
    expect(dark(140, 200)).toBeGreaterThan(5 * dark(0, 60) + 1000);
  });

  it('keeps a scene where the provider put the subject, shadows it, and says placement was not applied', async () => {
    const out = await finishResultWith(exactSegmenter(), {
      result: await providerResult([40, 120, 40]),
      finish: { shadow: { type: 'contact' }, placement: {} },
      plan: makePlan({ background: { kind: 'image', url: 'https://example.com/floor.jpg' } }),
    });
    expect(out.warnings.map((w) => w.path)).toEqual(['finish.placement']);
    const { at } = await rawPixels(out.data);
    expect(at(100, 80)).toEqual([...SUBJECT]);
    expect(at(100, 131)[1]!).toBeLessThan(100);
    expect(at(5, 5)).toEqual([40, 120, 40]);
  });

  it('keeps the photo’s own shadow only when the result lines up with the photo', async () => {
    const smaller = await sharp(await providerResult([255, 255, 255]))
      .resize(100, 80)
      .png()
      .toBuffer();
    const out = await finishResultWith(exactSegmenter(), {
      result: smaller,
      finish: { shadow: { type: 'keep' } },
      plan: makePlan({ background: { kind: 'color', hex: '#FFFFFF' } }),
      photo: await sharp(photo.rgb, { raw: { width: 200, height: 160, channels: 3 } })
        .png()
        .toBuffer(),
    });
    expect(out.warnings).toEqual([
      {
        path: 'finish.shadow.type',
        message:
          'The photo’s own shadow was not kept: the result is 100×80 and the photo 200×160, so its shadow no longer lines up. Choose a contact or cast shadow instead.',
      },
    ]);
  });

  it('refuses bytes that are not an image with a clear error', async () => {
    await expect(
      finishResultWith(exactSegmenter(), {
        result: Buffer.from('not an image'),
        finish: { shadow: { type: 'contact' } },
        plan: makePlan(),
      }),
    ).rejects.toThrow(/The result could not be read for finishing/);
  });
});
