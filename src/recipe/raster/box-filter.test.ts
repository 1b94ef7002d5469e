import { describe, expect, it } from 'vitest';
import { boxMean } from './box-filter.ts';

/** The definition: the mean of the pixels of the (2r+1)² window that lie inside the image. */
function naiveBoxMean(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let count = 0;
      for (let v = Math.max(0, y - r); v <= Math.min(h - 1, y + r); v++)
        for (let u = Math.max(0, x - r); u <= Math.min(w - 1, x + r); u++) {
          sum += src[v * w + u]!;
          count++;
        }
      out[y * w + x] = sum / count;
    }
  return out;
}

describe('boxMean', () => {
  // Sizes around the window: interior present, window wider than the image, one row or column.
  const cases: [number, number, number][] = [
    [40, 30, 3],
    [7, 7, 3],
    [7, 7, 4],
    [5, 9, 12],
    [1, 1, 2],
    [64, 1, 5],
    [1, 64, 5],
    [33, 17, 0],
  ];
  it.each(cases)('matches the definition on %i×%i with radius %i, borders included', (w, h, r) => {
    let seed = w * 131 + h * 7 + r;
    const src = Float32Array.from(
      { length: w * h },
      () => ((seed = (seed * 16807) % 2147483647) % 1000) / 999,
    );
    const fast = boxMean(src, w, h, r);
    const slow = naiveBoxMean(src, w, h, r);
    for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i]!, 5);
  });

  it('keeps a constant image constant (no darkened borders)', () => {
    const src = new Float32Array(20 * 12).fill(0.25);
    for (const v of boxMean(src, 20, 12, 6)) expect(v).toBeCloseTo(0.25, 6);
  });
});
