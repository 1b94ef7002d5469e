import { describe, expect, it } from 'vitest';
import {
  applyGuidedCoefficients,
  fitGuidedCoefficients,
  guidedUpsample,
  openBandRuns,
  type GuidedInput,
} from './guided-filter.ts';

/** A w×h photo with texture everywhere (seeded noise plus gradients) and a soft disc mask at (cx, cy). */
function scene(w: number, h: number, cx: number, cy: number, radius: number): GuidedInput {
  let seed = 12345;
  const noise = () => (seed = (seed * 16807) % 2147483647) % 64;
  const guide = new Uint8Array(w * h * 3);
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const d = Math.hypot(x - cx, y - cy);
      const inside = d < radius;
      guide[i * 3] = (inside ? 180 : 40) + noise();
      guide[i * 3 + 1] = ((x * 255) / w) * 0.5 + noise();
      guide[i * 3 + 2] = ((y * 255) / h) * 0.5 + noise();
      mask[i] = Math.round(255 * Math.min(1, Math.max(0, radius + 2 - d) / 4));
    }
  return {
    guide,
    mask,
    lowWidth: w,
    lowHeight: h,
    image: guide,
    channels: 3,
    width: w,
    height: h,
    radius: 6,
    eps: 1e-3,
    band: 1,
  };
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('guided upsampling fitted on tiles near the open band', () => {
  it('gives the whole-grid fit’s alpha, inside and at the borders', () => {
    // Discs in the middle, across the left/top border and across a tile boundary (64).
    for (const [cx, cy, r] of [
      [150, 100, 40],
      [10, 5, 30],
      [64, 190, 20],
    ] as const) {
      const input = scene(300, 200, cx, cy, r);
      const tiled = guidedUpsample(input);
      const whole = applyGuidedCoefficients(input, fitGuidedCoefficients(input, { wholeGrid: true }));
      expect(maxDifference(tiled, whole)).toBeLessThanOrEqual(1); // float rounding of the running sums only
      let same = 0;
      for (let i = 0; i < tiled.length; i++) if (tiled[i] === whole[i]) same++;
      expect(same / tiled.length).toBeGreaterThan(0.999);
    }
  });

  it('upsamples to a larger photo the same way', () => {
    const low = scene(160, 120, 80, 60, 30);
    const image = new Uint8Array(320 * 240 * 3);
    for (let y = 0; y < 240; y++)
      for (let x = 0; x < 320; x++)
        image.set(
          low.guide.subarray(((y >> 1) * 160 + (x >> 1)) * 3, ((y >> 1) * 160 + (x >> 1)) * 3 + 3),
          (y * 320 + x) * 3,
        );
    const input = { ...low, image, width: 320, height: 240 };
    const whole = applyGuidedCoefficients(input, fitGuidedCoefficients(input, { wholeGrid: true }));
    expect(maxDifference(guidedUpsample(input), whole)).toBeLessThanOrEqual(1);
  });

  it('fits only the tiles that touch the edge', () => {
    const input = scene(640, 640, 320, 320, 20); // a disc inside the tiles at 256..383
    const [, , , , lo, hi] = fitGuidedCoefficients(input);
    const runs = openBandRuns(lo!, hi!, 640, 640);
    expect(runs).toEqual([
      { x0: 256, y0: 256, x1: 384, y1: 320 },
      { x0: 256, y0: 320, x1: 384, y1: 384 },
    ]);
  });

  it('fits nothing and keeps the mask when it is constant', () => {
    const input = scene(100, 80, 50, 40, 10);
    input.mask.fill(255);
    expect(
      openBandRuns(...(fitGuidedCoefficients(input).slice(4) as [Float32Array, Float32Array]), 100, 80),
    ).toEqual([]);
    expect(guidedUpsample(input).every((v) => v === 255)).toBe(true);
  });
});
