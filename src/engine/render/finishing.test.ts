/** Finishing through runPlan: shadows between the backdrop and the subject, placement on the canvas. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Finish } from '../../recipe/index.ts';
import { runPlanWith } from '../run-plan.ts';
import { sourceCache } from '../source-cache.ts';
import { SUBJECT, encodePhoto, exactSegmenter, makePlan, rawPixels, syntheticPhoto } from './synthetic.ts';

beforeEach(() => sourceCache.clear());

// A red block standing on the lower part of a 240×200 photo.
const photo = syntheticPhoto(240, 200, { left: 100, top: 60, width: 40, height: 100 });
const white = makePlan({ background: { kind: 'color', hex: '#FFFFFF' } });

async function render(finish: Finish | undefined, plan = white) {
  const result = await runPlanWith(exactSegmenter(), {
    image: await encodePhoto(photo),
    plan,
    ...(finish ? { finish } : {}),
  });
  return { result, ...(await rawPixels(result.data)) };
}

/** Sum of darkness (255 − red) on white, left and right of the subject, in the rows given. */
function darknessBySide(data: Buffer, width: number, channels: number, rows: [number, number]) {
  let left = 0;
  let right = 0;
  for (let y = rows[0]; y < rows[1]; y++)
    for (let x = 0; x < width; x++) {
      const dark = 255 - data[(y * width + x) * channels]!;
      if (x < 100) left += dark;
      if (x >= 140) right += dark;
    }
  return { left, right };
}

describe('finishing shadows on a new background', () => {
  it('casts the shadow away from the light, never on the subject, and times it as its own stage', async () => {
    const fromLeft = await render({ shadow: { type: 'cast', angle: 250, elevation: 30 } });
    const fromRight = await render({ shadow: { type: 'cast', angle: 110, elevation: 30 } });
    const a = darknessBySide(fromLeft.data, 240, fromLeft.info.channels, [120, 200]);
    const b = darknessBySide(fromRight.data, 240, fromRight.info.channels, [120, 200]);
    expect(a.right).toBeGreaterThan(4 * a.left);
    expect(b.left).toBeGreaterThan(4 * b.right);
    for (const { at } of [fromLeft, fromRight]) {
      for (const [x, y] of [
        [100, 60],
        [139, 159],
        [120, 100],
        [100, 159],
        [139, 60],
      ] as const)
        expect(at(x, y)).toEqual([...SUBJECT]);
    }
    expect(fromLeft.result.timings.finishing).toBeGreaterThan(0);
    expect(fromLeft.result.warnings.filter((w) => w.path?.startsWith('finish'))).toEqual([]);
  });

  it('contact: darkens the floor right under the base, not the sky above the subject', async () => {
    const { at } = await render({ shadow: { type: 'contact' } });
    expect(at(120, 161)[0]!).toBeLessThan(200);
    expect(at(120, 40)).toEqual([255, 255, 255]);
    expect(at(5, 161)).toEqual([255, 255, 255]);
  });

  it('on a transparent background the shadow is semi-transparent black', async () => {
    const { at } = await render(
      { shadow: { type: 'contact', color: '#102030' } },
      makePlan({ background: { kind: 'transparent' }, output: { format: 'png' } }),
    );
    const [r, g, b, a] = at(120, 161);
    expect([r, g, b]).toEqual([0x10, 0x20, 0x30]);
    expect(a!).toBeGreaterThan(60);
    expect(at(5, 5)[3]).toBe(0);
    expect(at(120, 100)).toEqual([...SUBJECT, 255]);
  });

  it('is left out, with a warning naming finish.shadow, on the photo’s own background', async () => {
    const { result } = await render(
      { shadow: { type: 'cast' }, placement: {} },
      makePlan({ subject: null, background: { kind: 'original' } }),
    );
    expect(result.warnings.map((w) => w.path)).toEqual(['finish.shadow', 'finish.placement']);
    expect(result.timings.finishing).toBeUndefined();
  });

  it('keeps the photo’s own shadow on a new colour', async () => {
    // The synthetic photo's background is flat blue; paint a darker pool beside the base.
    const shaded = syntheticPhoto(240, 200, { left: 100, top: 60, width: 40, height: 100 });
    for (let y = 150; y < 166; y++)
      for (let x = 140; x < 175; x++) for (let c = 0; c < 3; c++) shaded.rgb[(y * 240 + x) * 3 + c]! >>= 1;
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(shaded),
      plan: white,
      finish: { shadow: { type: 'keep' } },
    });
    const { at } = await rawPixels(result.data);
    // Half as bright as the lit floor: white becomes about 50% grey where the pool was.
    expect(at(157, 158)[0]!).toBeGreaterThan(100);
    expect(at(157, 158)[0]!).toBeLessThan(160);
    expect(at(60, 158)).toEqual([255, 255, 255]);
  });
});

describe('finishing placement', () => {
  it('stands the subject on the floor line at the fill asked, centred across', async () => {
    const { result, data, info } = await render({ placement: { scale: 0.5, margin: 0.1 } });
    expect([result.width, result.height]).toEqual([240, 200]);
    let top = info.height;
    let bottom = -1;
    let left = info.width;
    let right = -1;
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        const i = (y * info.width + x) * info.channels;
        if (data[i]! > 150 && data[i + 1]! < 100) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    // 100 px tall subject → 100 px (fill 0.5 of 200); margin 20 px: bottom row 179, centred across.
    expect(bottom - top + 1).toBe(100);
    expect(bottom).toBe(179);
    expect(right - left + 1).toBe(40);
    expect(left).toBe(100);
  });

  it('with a generated backdrop replaces the centring by area, and a shadow of none leaves the studio bare', async () => {
    const plan = makePlan({
      background: { kind: 'generated', itemAreaPercentage: 0.2, seed: 4, extras: {} },
    });
    const bare = await render({ shadow: { type: 'none' }, placement: { scale: 0.6 } }, plan);
    const shaded = await render({ placement: { scale: 0.6 } }, plan);
    // Fill 0.6 of 200 px = 120 px tall, base on the floor line 188 (margin 6%).
    expect(bare.at(120, 187).slice(0, 3)).toEqual([...SUBJECT]);
    expect(bare.at(120, 189)[0]).not.toBe(SUBJECT[0]);
    // The studio's own contact shadow (drawn by finishing) darkens the floor under the base.
    expect(shaded.at(120, 190)[0]!).toBeLessThan(bare.at(120, 190)[0]! - 10);
  });
});
