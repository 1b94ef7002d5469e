import { describe, expect, it } from 'vitest';
import { clearFaintMatte, FAINT_ALPHA, nearMask, onFlatColour, SOFT_EDGE_PX } from './faint-matte.ts';

/** A 40 × 20 matte: a solid core at x 10..14, a soft edge to its right, a detached haze and a glass part. */
function matte() {
  const width = 40;
  const height = 20;
  const alpha = Buffer.alloc(width * height);
  const set = (x: number, y: number, v: number) => (alpha[y * width + x] = v);
  for (let y = 0; y < height; y++) {
    for (let x = 10; x < 15; x++) set(x, y, 255);
    set(15, y, 20); // the soft edge, 1 px from the core
    set(16, y, 6); // 2 px
    set(17, y, 3); // 3 px: beyond the radius
    set(30, y, 24); // haze far away
    set(35, y, FAINT_ALPHA + 8); // a faint but real part (glass): above the floor
  }
  set(2, 2, FAINT_ALPHA - 1);
  return { alpha, width, height, at: (m: Buffer, x: number, y = 5) => m[y * width + x] };
}

describe('clearFaintMatte', () => {
  it('keeps the core, its soft edge within the radius and faint parts above the floor; clears the rest', async () => {
    const { alpha, width, height, at } = matte();
    expect(SOFT_EDGE_PX).toBe(2);
    const cleared = await clearFaintMatte(alpha, width, height);
    expect([at(cleared, 12), at(cleared, 15), at(cleared, 16)]).toEqual([255, 20, 6]);
    expect(at(cleared, 17)).toBe(0);
    expect(at(cleared, 30)).toBe(0);
    expect(at(cleared, 35)).toBe(FAINT_ALPHA + 8);
    expect(at(cleared, 2, 2)).toBe(0);
    expect(at(alpha, 30)).toBe(24); // the input is not changed
  });

  it('a wider radius keeps more of the edge; a clean matte comes back as the same buffer', async () => {
    const { alpha, width, height, at } = matte();
    expect(at(await clearFaintMatte(alpha, width, height, 3), 17)).toBe(3);
    const clean = Buffer.alloc(16, 0);
    clean[5] = 255;
    expect(await clearFaintMatte(clean, 4, 4)).toBe(clean);
  });

  it('clears exactly what the definition (nearMask of the core) clears, borders included', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const [width, height, radius] of [
      [31, 17, 2],
      [5, 40, 1],
      [12, 12, 4],
      [1000, 1100, 2], // more than one slice of rows between turns of the event loop
    ] as const) {
      // Mostly zeros, some haze (1..31) and scattered core pixels: every case of the rule, near the borders too.
      const alpha = Buffer.from(
        Array.from({ length: width * height }, () => {
          const r = random();
          return r < 0.5 ? 0 : r < 0.98 ? 1 + Math.floor(random() * (FAINT_ALPHA - 1)) : 255;
        }),
      );
      const near = nearMask(alpha, width, height, FAINT_ALPHA, radius);
      const expected = alpha.map((a, i) => (a < FAINT_ALPHA && !near[i] ? 0 : a));
      expect(expected.some((a, i) => a !== alpha[i])).toBe(true);
      expect(Array.from(await clearFaintMatte(alpha, width, height, radius))).toEqual(Array.from(expected));
    }
  });

  it('throws a RangeError when the matte does not match its size', async () => {
    await expect(clearFaintMatte(Buffer.alloc(10), 4, 4)).rejects.toThrow(RangeError);
  });
});

describe('nearMask', () => {
  it('marks the Chebyshev neighbourhood of the values at or above the threshold', () => {
    const mask = new Uint8Array(25);
    mask[12] = 9; // the centre of a 5 × 5
    expect(Array.from(nearMask(mask, 5, 5, 8, 1))).toEqual([
      0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    ]);
    expect(Array.from(nearMask(mask, 5, 5, 10, 4)).every((v) => v === 0)).toBe(true);
  });
});

describe('onFlatColour', () => {
  it('applies to a colour and the automatic colour, not to a cut-out, a blur or an image', () => {
    expect(onFlatColour({ kind: 'color', hex: '#FFFFFF' })).toBe(true);
    expect(onFlatColour({ kind: 'auto-color' })).toBe(true);
    expect(onFlatColour({ kind: 'transparent' })).toBe(false);
    expect(onFlatColour({ kind: 'original' })).toBe(false);
  });
});
