import { describe, expect, it } from 'vitest';
import { areaResize } from './area-resize.ts';

describe('areaResize', () => {
  it('averages the input each output pixel covers, partial pixels by their share', () => {
    // 3 → 2 across: each output covers 1.5 inputs; 1 → 1 down.
    const out = areaResize(Uint8Array.from([0, 255, 255]), 3, { left: 0, top: 0, width: 3, height: 1 }, 2, 1);
    expect(out[0]).toBeCloseTo((0 * 1 + 1 * 0.5) / 1.5, 6);
    expect(out[1]).toBeCloseTo(1, 6);
  });

  it('reads only the rectangle asked, and halves a 4 × 4 block into 2 × 2 means', () => {
    // A 6 × 5 image whose rectangle (1, 1, 4 × 4) holds 0, 51, 102, 153 in its quadrants; 255 around it.
    const width = 6;
    const src = new Uint8Array(width * 5).fill(255);
    const quadrant = [0, 51, 102, 153];
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) src[(y + 1) * width + x + 1] = quadrant[(y >> 1) * 2 + (x >> 1)]!;
    const out = areaResize(src, width, { left: 1, top: 1, width: 4, height: 4 }, 2, 2);
    expect([...out].map((v) => Math.round(v * 255))).toEqual(quadrant);
  });

  it('refuses to enlarge', () => {
    expect(() => areaResize(new Uint8Array(4), 2, { left: 0, top: 0, width: 2, height: 2 }, 3, 2)).toThrow(
      RangeError,
    );
  });
});
