/** The touch-up's mask operations against small masks whose every value is worked out by hand. */
import { describe, expect, it } from 'vitest';
import { adjustRect, boxRadiiFor, feather, growShrink } from './adjust.ts';
import { brushFalloff, paintSegment, type Brush } from './brush.ts';
import { snapStroke } from './edge-snap.ts';
import { createRaster } from './raster.ts';

/** Rows of a w-wide byte image, for readable expectations. */
const rows = (data: Uint8Array, w: number) =>
  Array.from({ length: data.length / w }, (_, y) => [...data.subarray(y * w, (y + 1) * w)]);

describe('brush falloff (hardness)', () => {
  it('is full inside the hard core and falls off by smoothstep to 0 at the radius', () => {
    // radius 10, hardness 0.5: core 5 px, falloff over the outer 5 px.
    expect(brushFalloff(0, 10, 0.5)).toBe(1);
    expect(brushFalloff(5, 10, 0.5)).toBe(1);
    expect(brushFalloff(7.5, 10, 0.5)).toBe(0.5); // t = 0.5 → 0.5²·(3 − 1) = 0.5
    expect(brushFalloff(9, 10, 0.5)).toBeCloseTo(0.104, 3); // t = 0.2 → 0.04·2.6
    expect(brushFalloff(10, 10, 0.5)).toBe(0);
  });
  it('keeps a one-pixel anti-aliased rim at hardness 1, and is soft all the way at hardness 0', () => {
    expect(brushFalloff(2, 3, 1)).toBe(1);
    expect(brushFalloff(2.5, 3, 1)).toBe(0.5);
    expect(brushFalloff(3, 3, 1)).toBe(0);
    expect(brushFalloff(0, 4, 0)).toBe(1);
    expect(brushFalloff(2, 4, 0)).toBe(0.5);
  });
});

describe('stroke rasterisation', () => {
  const hard = (mode: Brush['mode'], radius: number): Brush => ({ mode, radius, hardness: 1 });

  it('paints a capsule: every pixel centre within the radius of the segment, with a 1 px rim', () => {
    const mask = createRaster(7, 5);
    // Horizontal segment through pixel centres of row 2, from x = 1.5 to 4.5, radius 1.5.
    const dirty = paintSegment(mask, { x: 1.5, y: 2.5 }, { x: 4.5, y: 2.5 }, hard('restore', 1.5));
    expect(dirty).toEqual({ left: 0, top: 1, width: 6, height: 3 });
    // Row 2: distance 0 on the segment, 1 at x = 0.5 and 5.5 (t = 0.5 → 128), 2 beyond.
    // Rows 1 and 3: distance 1 above/below the segment → 128; the corners are √2 from an end point,
    // t = 1.5 − 1.414 = 0.086 → 0.086²·(3 − 0.172) = 0.021 → 5.
    expect(rows(mask.data, 7)).toEqual([
      [0, 0, 0, 0, 0, 0, 0],
      [5, 128, 128, 128, 128, 5, 0],
      [128, 255, 255, 255, 255, 128, 0],
      [5, 128, 128, 128, 128, 5, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('erases to 1 − coverage and never builds up where segments overlap', () => {
    const mask = createRaster(5, 1, 255);
    const brush = hard('erase', 1.5);
    paintSegment(mask, { x: 2.5, y: 0.5 }, { x: 2.5, y: 0.5 }, brush);
    const once = [...mask.data];
    paintSegment(mask, { x: 2.5, y: 0.5 }, { x: 2.5, y: 0.5 }, brush);
    expect(once).toEqual([255, 127, 0, 127, 255]);
    expect([...mask.data]).toEqual(once);
  });

  it('records the coverage it painted, for the edge-aware pass', () => {
    const mask = createRaster(5, 1, 200);
    const coverage = new Uint8Array(5);
    paintSegment(mask, { x: 2.5, y: 0.5 }, { x: 2.5, y: 0.5 }, hard('restore', 1.5), coverage);
    expect([...coverage]).toEqual([0, 128, 255, 128, 0]);
    expect([...mask.data]).toEqual([200, 200, 255, 200, 200]); // restore never lowers
  });

  it('returns null for a segment entirely off the mask', () => {
    expect(
      paintSegment(createRaster(4, 4), { x: -20, y: -20 }, { x: -10, y: -20 }, hard('restore', 2)),
    ).toBeNull();
  });
});

describe('grow / shrink', () => {
  // A single subject pixel in the middle of 5×5.
  const dot = Uint8Array.from({ length: 25 }, (_, i) => (i === 12 ? 255 : 0));

  it('grows by a disc: radius 1 adds the 4 neighbours, radius 2 reaches (±1, ±1) but not (±2, ±1)', () => {
    expect(rows(growShrink(dot, 5, 5, 1), 5)).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 255, 0, 0],
      [0, 255, 255, 255, 0],
      [0, 0, 255, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(rows(growShrink(dot, 5, 5, 2), 5)).toEqual([
      [0, 0, 255, 0, 0],
      [0, 255, 255, 255, 0],
      [255, 255, 255, 255, 255],
      [0, 255, 255, 255, 0],
      [0, 0, 255, 0, 0],
    ]);
  });

  it('shrinks soft values by the minimum over the disc, and treats the border as clipped', () => {
    const ramp = Uint8Array.from([10, 50, 90, 130, 170, 210]);
    expect([...growShrink(ramp, 6, 1, -1)]).toEqual([10, 10, 50, 90, 130, 170]);
    expect([...growShrink(ramp, 6, 1, 2)]).toEqual([90, 130, 170, 210, 210, 210]);
  });
});

describe('feather', () => {
  /** The Gaussian's definition on a row, clipped and renormalised at the ends: what feather must give. */
  function byDefinition(row: number[], sigma: number): number[] {
    const r = Math.ceil(3 * sigma);
    return row.map((_, i) => {
      let sum = 0;
      let weight = 0;
      for (let k = Math.max(-r, -i); k <= Math.min(r, row.length - 1 - i); k++) {
        const g = Math.exp(-(k * k) / (2 * sigma * sigma));
        sum += row[i + k]! * g;
        weight += g;
      }
      return Math.round(sum / weight);
    });
  }

  it('keeps a flat mask flat and turns a hard edge into the Gaussian ramp', () => {
    expect([...feather(new Uint8Array(8).fill(200), 8, 1, 1.5)]).toEqual(Array(8).fill(200));
    const edge = [0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255];
    const out = [...feather(Uint8Array.from(edge), 12, 1, 1)];
    // σ = 1: weights e^(−k²/2) ≈ .011 .135 .607 1 .607 .135 .011 → at x = 5: 255·(.607+.135+.011)/2.507 = 76.6.
    expect(out).toEqual(byDefinition(edge, 1));
    expect(out.slice(3, 9)).toEqual([1, 15, 77, 178, 240, 254]);
  });

  it('uses three box passes for wide feathers, whose variances add up to about σ²', () => {
    // Widths 11, 11, 13 (Kovesi's rounding to odd widths): variances 10 + 10 + 14 = 34 ≈ σ² = 36.
    expect(boxRadiiFor(6)).toEqual([5, 5, 6]);
    const variance = boxRadiiFor(6).reduce((sum, r) => sum + ((2 * r + 1) ** 2 - 1) / 12, 0);
    expect(variance).toBe(34);
    const edge = Uint8Array.from({ length: 80 }, (_, i) => (i < 40 ? 0 : 255));
    const out = feather(edge, 80, 1, 6);
    const reference = byDefinition([...edge], 6);
    for (let i = 0; i < 80; i++) expect(Math.abs(out[i]! - reference[i]!)).toBeLessThanOrEqual(8);
  });
});

describe('adjustRect', () => {
  it('grows then feathers only inside the rectangle, reading the margin around it', () => {
    const edited = createRaster(9, 1);
    edited.data[4] = 255;
    const target = createRaster(9, 1, 77);
    const written = adjustRect(
      edited,
      target,
      { left: 2, top: 0, width: 5, height: 1 },
      { grow: 1, feather: 0 },
    );
    expect(written).toEqual({ left: 2, top: 0, width: 5, height: 1 });
    expect([...target.data]).toEqual([77, 77, 0, 255, 255, 255, 0, 77, 77]);
  });
});

describe('edge-aware snapping', () => {
  // 24×8 photo: dark grey left of x = 10, light grey from x = 10 on.
  const W = 24;
  const H = 8;
  const photo = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    photo.fill(i % W < 10 ? 40 : 200, i * 4, i * 4 + 3);
    photo[i * 4 + 3] = 255;
  }

  function stroke(mode: 'restore' | 'erase', from: number, to: number, before: Uint8Array) {
    const mask = createRaster(W, H);
    mask.data.set(before);
    const coverage = new Uint8Array(W * H);
    const brush = { mode, radius: 4, hardness: 1 } as const;
    const rect = { left: from, top: 0, width: to - from, height: H };
    for (let y = 0; y < H; y++)
      for (let x = from; x < to; x++) {
        const i = y * W + x;
        coverage[i] = 255;
        mask.data[i] = mode === 'restore' ? 255 : 0;
      }
    snapStroke({
      photo,
      width: W,
      height: H,
      before,
      mask: mask.data,
      coverage,
      rect,
      mode,
      radius: brush.radius,
    });
    return rows(mask.data, W)[4]!;
  }

  it('a restore stroke that overshoots the edge by 3 px leaves no halo on the light side', () => {
    const row = stroke('restore', 0, 13, new Uint8Array(W * H));
    for (let x = 0; x <= 7; x++) expect(row[x]).toBeGreaterThanOrEqual(250);
    for (let x = 11; x < W; x++) expect(row[x]).toBeLessThanOrEqual(6);
  });

  it('an erase stroke that cuts 4 px into the subject leaves no bite', () => {
    const subject = Uint8Array.from({ length: W * H }, (_, i) => (i % W < 10 ? 255 : 0));
    const row = stroke('erase', 6, W, subject);
    for (let x = 0; x <= 7; x++) expect(row[x]).toBeGreaterThanOrEqual(249);
    for (let x = 11; x < W; x++) expect(row[x]).toBe(0);
  });

  it('keeps the plain stroke where the photo has no edge', () => {
    photo.fill(120);
    const row = stroke('restore', 0, 13, new Uint8Array(W * H));
    expect(row).toEqual([...Array(13).fill(255), ...Array(11).fill(0)]);
  });
});
