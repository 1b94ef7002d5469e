import { describe, expect, it } from 'vitest';
import { mergeBoxMask } from './mask-ops.ts';

describe('mergeBoxMask', () => {
  // 6×4 photo; box = columns 1..4, rows 1..2; crop = the box grown by one column to the left.
  // prettier-ignore
  const full = Uint8Array.from([
    9, 9, 9, 9, 9, 9,
    9, 50, 50, 200, 0, 9,
    9, 0, 255, 10, 0, 9,
    9, 9, 9, 9, 9, 9,
  ]);
  // prettier-ignore
  const crop = Uint8Array.from([
    7, 100, 20, 20, 90,
    7, 30, 30, 250, 0,
  ]);
  const cropRect = { left: 0, top: 1, width: 5, height: 2 };
  const box = { left: 1, top: 1, width: 4, height: 2 };

  it('by consensus: the larger where the two sum to ≥ 256, else the smaller; nothing outside the box', () => {
    // Pairs (full, crop) inside the box: (50,100) (50,20) (200,20) (0,90) / (0,30) (255,30) (10,250) (0,0).
    // prettier-ignore
    expect([...mergeBoxMask(full, crop, cropRect, box, 6, 4)]).toEqual([
      0, 0, 0, 0, 0, 0,
      0, 50, 20, 20, 0, 0,
      0, 0, 255, 250, 0, 0,
      0, 0, 0, 0, 0, 0,
    ]);
  });

  it('by max, crop or full alone', () => {
    const rows = (rule: 'max' | 'crop' | 'full') =>
      [...mergeBoxMask(full, crop, cropRect, box, 6, 4, rule)].slice(6, 18);
    expect(rows('max')).toEqual([0, 100, 50, 200, 90, 0, 0, 30, 255, 250, 0, 0]);
    expect(rows('crop')).toEqual([0, 100, 20, 20, 90, 0, 0, 30, 30, 250, 0, 0]);
    expect(rows('full')).toEqual([0, 50, 50, 200, 0, 0, 0, 0, 255, 10, 0, 0]);
  });

  it('refuses a box that is not inside its crop', () => {
    expect(() => mergeBoxMask(full, crop, cropRect, { left: 2, top: 1, width: 4, height: 2 }, 6, 4)).toThrow(
      RangeError,
    );
  });
});
