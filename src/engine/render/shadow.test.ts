import { describe, expect, it } from 'vitest';
import { resolveFinish, type ResolvedShadow } from '../../recipe/index.ts';
import { ownShadowFrom } from './own-shadow.ts';
import { placeSubject } from './placement.ts';
import { castShadow, shadowMap } from './shadow.ts';
import { pyramidBlur } from './shadow-pyramid.ts';
import { LAYER_SLICE_PIXELS, shadowLayer, shadowLayerVips } from './shadow-layer.ts';
import { blurRows } from './shadow-blur.ts';
import {
  castBlurRadius,
  castGeometry,
  detectContactLine,
  MIN_DEPTH_SLOPE,
  projectSilhouette,
  spreadUp,
  type FloatImage,
} from './shadow-geometry.ts';

/** A float image from rows of digits (0–9 → 0..1), for hand-drawn silhouettes. */
function drawn(rows: string[]): FloatImage {
  const width = rows[0]!.length;
  const data = new Float32Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = Number(c) / 9)));
  return { data, width, height: rows.length };
}

function box(
  width: number,
  height: number,
  rect: { left: number; top: number; right: number; bottom: number },
) {
  const data = new Float32Array(width * height);
  for (let y = rect.top; y < rect.bottom; y++)
    for (let x = rect.left; x < rect.right; x++) data[y * width + x] = 1;
  return { data, width, height };
}

const rowOf = (image: FloatImage, y: number) =>
  [...image.data.subarray(y * image.width, (y + 1) * image.width)].map((v) => Math.round(v * 1000) / 1000);

describe('contact line', () => {
  it('is the lowest solid row, with one run per part that reaches it (an arch: two legs)', () => {
    const arch = drawn([
      '0000000000',
      '0000000000',
      '0099999900',
      '0099999900',
      '0099009900',
      '0099009900',
      '0099009900',
      '0000000000',
    ]);
    expect(detectContactLine(arch)).toEqual({
      y: 6,
      runs: [
        { left: 2, right: 3 },
        { left: 6, right: 7 },
      ],
      tolerance: 1,
      bounds: { left: 2, top: 2, width: 6, height: 5 },
    });
  });

  it('takes columns within the tolerance as touching (a slightly tilted base), not those above it', () => {
    const tilted = drawn(['09999990', '09999990', '09999990', '09999900', '00999000', '00090000']);
    // Height 6 → tolerance 1 row: columns whose lowest solid pixel is on row 4 or 5 touch.
    expect(detectContactLine(tilted)?.runs).toEqual([{ left: 2, right: 4 }]);
    expect(detectContactLine(drawn(['000', '090', '000']))?.y).toBe(1);
    expect(detectContactLine(drawn(['000', '000']))).toBeNull();
  });
});

describe('cast shadow projection', () => {
  it('lit from behind at 45° on a floor seen from above, mirrors the silhouette below the contact line', () => {
    // A 3×4 box on columns 3–5, rows 2–5: its points 0.5 … 3.5 px high land 0.5 … 3.5 px in front.
    const silhouette = box(10, 12, { left: 3, top: 2, right: 6, bottom: 6 });
    const geometry = castGeometry(5, 0, 45, 1);
    expect(geometry.floor).toBe(6);
    expect(geometry.ax).toBeCloseTo(0, 12);
    expect(geometry.ay).toBeCloseTo(1, 12);
    const shadow = projectSilhouette(silhouette, geometry);
    for (let y = 6; y <= 9; y++) expect(rowOf(shadow, y)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0]);
    expect(rowOf(shadow, 10)).toEqual(new Array(10).fill(0));
    // Nothing behind the contact line: the box itself stands there.
    for (let y = 0; y < 6; y++) expect(rowOf(shadow, y)).toEqual(new Array(10).fill(0));
  });

  it('lit from behind-left (315°) at atan(1/√2), shears it one pixel right per pixel of height', () => {
    // sx = sy = √2/2 and cot(e) = √2, so ax = ay = 1: a point h high lands at (x + h, floor + h).
    const silhouette = box(12, 12, { left: 3, top: 2, right: 6, bottom: 6 });
    const geometry = castGeometry(5, 315, (Math.atan(1 / Math.SQRT2) * 180) / Math.PI, 1);
    expect(geometry.ax).toBeCloseTo(1, 12);
    expect(geometry.ay).toBeCloseTo(1, 12);
    const shadow = projectSilhouette(silhouette, geometry);
    // Row 6 holds height 0.5: the box moved 0.5 px right, so its end pixels are half covered.
    expect(rowOf(shadow, 6)).toEqual([0, 0, 0, 0.5, 1, 1, 0.5, 0, 0, 0, 0, 0]);
    expect(rowOf(shadow, 7)).toEqual([0, 0, 0, 0, 0.5, 1, 1, 0.5, 0, 0, 0, 0]);
    expect(rowOf(shadow, 9)).toEqual([0, 0, 0, 0, 0, 0, 0.5, 1, 1, 0.5, 0, 0]);
  });

  it('falls away from the light: right for a light from the left, behind for a light from the camera', () => {
    const fromLeft = castGeometry(10, 270, 45);
    expect(fromLeft.ax).toBeCloseTo(1, 12);
    // Level with the subject: kept a little behind it rather than flattened into a line.
    expect(fromLeft.ay).toBe(-MIN_DEPTH_SLOPE);
    const fromCamera = castGeometry(10, 180, 45);
    expect(fromCamera.ax).toBeCloseTo(0, 12);
    expect(fromCamera.ay).toBeCloseTo(-0.3, 12);
    // Lower light, longer shadow: cot(20°) ≈ 2.747.
    expect(castGeometry(10, 90, 20).ax).toBeCloseTo(-2.7475, 3);
  });
});

describe('blur growing with distance from the contact line', () => {
  it('adds the light path times the light size to the base radius', () => {
    // h = 100 px at 30°: the ray to the floor is 200 px; softness 0.5 → 0.125 rad of light → 25 px.
    expect(castBlurRadius(100, 0.5, 30, 1)).toBeCloseTo(26, 10);
    expect(castBlurRadius(0, 0.5, 30, 1)).toBe(1);
    expect(castBlurRadius(100, 0, 30, 1)).toBe(1);
    expect(castBlurRadius(100, 1, 90, 0)).toBeCloseTo(25, 10);
  });

  it('blurs each row by its own radius, exactly as a box filter', () => {
    const impulse = { data: new Float32Array(7 * 3), width: 7, height: 3 };
    impulse.data[3] = 1; // row 0, radius 1
    impulse.data[7 + 3] = 1; // row 1, radius 0
    impulse.data[14 + 3] = 1; // row 2, radius 0.5
    const radii = { x: Float32Array.from([1, 0, 0.5]), y: new Float32Array(3) };
    const out = blurRows(impulse, radii, 1);
    const third = 1 / 3;
    expect(rowOf(out, 0)).toEqual([0, 0, third, third, third, 0, 0].map((v) => Math.round(v * 1000) / 1000));
    expect(rowOf(out, 1)).toEqual([0, 0, 0, 1, 0, 0, 0]);
    // Half a pixel of radius: the neighbours get a quarter each (window 2 px wide, ends half in).
    expect(rowOf(out, 2)).toEqual([0, 0, 0.25, 0.5, 0.25, 0, 0]);
  });

  it('softens a cast shadow further from the contact line more than near it', () => {
    // A thin pole lit from behind: its shadow runs down the picture, one row per unit of height.
    const pole = box(80, 160, { left: 38, top: 10, right: 42, bottom: 70 });
    const shadow: ResolvedShadow = {
      ...resolveFinish({ shadow: { type: 'cast' } }).shadow!,
      angle: 0,
      elevation: 45,
      softness: 0.6,
    };
    const map = shadowMap(pole, { ...shadow, type: 'cast' })!;
    const width = (y: number) => {
      const row = rowOf(map, y);
      const peak = Math.max(...row);
      return { peak, spread: row.filter((v) => v > peak / 2).length };
    };
    // cast rows: floor at 70, tilt 0.3 → the pole's 60 px of height cover rows 70–88.
    const near = width(72);
    const far = width(86);
    expect(far.spread).toBeGreaterThan(near.spread + 4);
    expect(far.peak).toBeLessThan(near.peak);
  });
});

describe('the cast shadow’s blur pyramid', () => {
  /** A bottle at the work size: a 60 × 220 px body under a rounded shoulder and a neck. */
  function bottle(): FloatImage {
    const [width, height] = [410, 512];
    const data = new Float32Array(width * height);
    for (let y = 160; y < 460; y++)
      for (let x = 0; x < width; x++) {
        const dx = Math.abs(x + 0.5 - 205);
        const half = y < 200 ? 14 : y < 240 ? 14 + (y - 200) * 0.4 : 30;
        data[y * width + x] = Math.min(1, Math.max(0, half - dx + 0.5));
      }
    return { data, width, height };
  }
  const exact = (image: FloatImage, radius: Float32Array) => blurRows(image, { x: radius, y: radius });

  it.each([
    [215, 35, 0.5],
    [270, 20, 0.9],
    [0, 60, 0.2],
  ])(
    'stays within 0.015 mean (0.07 worst) of per-row box blurs: light %i°, elevation %i°, softness %d',
    (angle, elevation, softness) => {
      const silhouette = bottle();
      const contact = detectContactLine(silhouette)!;
      const shadow = { ...resolveFinish({ shadow: { type: 'cast' } }).shadow!, angle, elevation, softness };
      const fast = castShadow(silhouette, contact, shadow);
      const reference = castShadow(silhouette, contact, shadow, exact);
      let sum = 0;
      let count = 0;
      let worst = 0;
      for (let i = 0; i < fast.data.length; i++) {
        const a = fast.data[i]!;
        const b = reference.data[i]!;
        worst = Math.max(worst, Math.abs(a - b));
        // Over the shadow (either darker than 1%), not the empty floor that would dilute the mean.
        if (a > 0.01 || b > 0.01) {
          sum += Math.abs(a - b);
          count++;
        }
      }
      expect(count).toBeGreaterThan(2000);
      // Measured 0.0065 / 0.012 / 0.0047 mean, 0.030 / 0.056 / 0.017 worst (of darkness 0..1).
      expect(sum / count).toBeLessThan(0.015);
      expect(worst).toBeLessThan(0.07);
    },
  );

  it('is a uniform blur when every row has the same radius', () => {
    const silhouette = bottle();
    const radius = new Float32Array(silhouette.height).fill(3);
    const a = pyramidBlur(silhouette, radius).data;
    const b = exact(silhouette, radius).data;
    expect(a.every((v, i) => v === b[i])).toBe(true);
  });
});

describe('contact, drop and depth', () => {
  it('spreads a shadow upwards by the subject’s depth (a running maximum)', () => {
    const line = drawn(['000', '000', '000', '090', '040']);
    expect(spreadUp(line, 2).data.map((v) => Math.round(v * 9))).toEqual(
      Float32Array.from([0, 0, 0, 0, 9, 0, 0, 9, 0, 0, 9, 0, 0, 4, 0]),
    );
  });

  it('contact: darkest at the base, fading in front of it, symmetric for a symmetric object', () => {
    const bottle = box(120, 120, { left: 50, top: 20, right: 70, bottom: 100 });
    const map = shadowMap(bottle, {
      ...resolveFinish({ shadow: { type: 'contact' } }).shadow!,
      type: 'contact',
    })!;
    const at = (x: number, y: number) => map.data[y * map.width + x]!;
    expect(at(60, 100)).toBeGreaterThan(0.5);
    expect(at(60, 100)).toBeGreaterThan(at(60, 103));
    expect(at(60, 103)).toBeGreaterThan(at(60, 110));
    expect(at(60, 118)).toBeLessThan(0.05);
    expect(at(45, 100)).toBeCloseTo(at(74, 100), 3);
    // Far to the side nothing: a contact shadow is short.
    expect(at(5, 100)).toBeLessThan(0.01);
  });

  it('drop: the offset copy falls away from the light (light from top-left → down-right)', () => {
    const card = box(100, 100, { left: 30, top: 30, right: 70, bottom: 70 });
    const drop = {
      ...resolveFinish({ shadow: { type: 'drop', softness: 0 } }).shadow!,
      type: 'drop' as const,
    };
    const map = shadowMap(card, drop)!;
    let sx = 0;
    let sy = 0;
    let total = 0;
    for (let y = 0; y < 100; y++)
      for (let x = 0; x < 100; x++) {
        const v = map.data[y * 100 + x]!;
        sx += v * x;
        sy += v * y;
        total += v;
      }
    // Distance 0.06 × 40 × cot(60°) ≈ 1.39 px along (√2/2, √2/2) from the card's centre (49.5, 49.5).
    expect(sx / total - 49.5).toBeCloseTo(0.98, 1);
    expect(sy / total - 49.5).toBeCloseTo(0.98, 1);
  });
});

describe('the photo’s own shadow', () => {
  it('finds the floor darker than its lit level next to the subject, and nothing on plain floor', () => {
    const width = 100;
    const height = 100;
    const grey = new Uint8Array(width * height).fill(200);
    const mask = new Uint8Array(width * height);
    for (let y = 30; y < 70; y++) for (let x = 40; x < 60; x++) mask[y * width + x] = 255;
    // A shadow on the floor right of the base: half as bright as the floor.
    for (let y = 62; y < 72; y++) for (let x = 60; x < 75; x++) grey[y * width + x] = 100;
    const map = ownShadowFrom(grey, mask, width, height, 0)!;
    const at = (x: number, y: number) => map.data[y * width + x]!;
    // (200 − 100) / 200 = 0.5 darker, less the 3% noise floor, rescaled: (0.5 − 0.03) / 0.97.
    expect(at(67, 66)).toBeCloseTo(0.4845, 2);
    expect(at(30, 66)).toBe(0);
    expect(at(50, 50)).toBe(0); // the subject itself
    expect(ownShadowFrom(grey, new Uint8Array(width * height), width, height, 0)).toBeNull();
  });
});

describe('placement', () => {
  const placement = { anchor: 'floor' as const, x: 0.5, scale: 0.8, margin: 0.05 };
  it('scales the subject to the fill ratio, centred across, standing on the bottom margin', () => {
    const result = placeSubject(
      { width: 1000, height: 1000 },
      { left: 10, top: 20, width: 100, height: 200 },
      placement,
    );
    // Taller than wide: 200 px → 800 px (fill 0.8), width 400; margin 50 px; floor line at 950.
    expect(result.layout.scaled).toEqual({ width: 400, height: 800 });
    expect(result.layout.offset).toEqual({ left: 300, top: 150 });
    expect(result.layout.source).toEqual({ left: 10, top: 20, width: 100, height: 200 });
    expect(result.fill).toBe(0.8);
    expect(result.limitedByMargin).toBe(false);
  });

  it('lets the margins win over the fill, and says so', () => {
    const result = placeSubject(
      { width: 1000, height: 500 },
      { left: 0, top: 0, width: 300, height: 100 },
      { ...placement, scale: 1, margin: 0.1, anchor: 'center', x: 0 },
    );
    // Margin 50 px; room 900 × 400; by fill the width would be 1000 px, by room 900.
    expect(result.layout.scaled).toEqual({ width: 900, height: 300 });
    expect(result.layout.offset).toEqual({ left: 50, top: 100 });
    expect(result.fill).toBe(0.9);
    expect(result.limitedByMargin).toBe(true);
  });
});

describe('the shadow layer', () => {
  it('is the colour with alpha = darkness × opacity, scaled up bilinearly between pixel centres', async () => {
    const map = { data: new Float32Array([0, 1]), width: 2, height: 1 };
    const layer = await shadowLayer(map, 4, 2, '#102030', 1);
    // Output centres 0.5, 1.5, 2.5, 3.5 sit at source positions −0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    const alphas = [0, 1, 2, 3].map((x) => layer[x * 4 + 3]);
    expect(alphas).toEqual([0, 64, 191, 255]);
    expect([...layer.subarray(8, 11)]).toEqual([0x10, 0x20, 0x30]);
    expect([...layer.subarray(16, 32)]).toEqual([...layer.subarray(0, 16)]); // the second row: same
    expect((await shadowLayer(map, 2, 1, '#000000', 0.5))[7]).toBe(128);
  });

  it('is the same layer (±1) from libvips, in slices on a large canvas that leave the event loop turns', async () => {
    const data = new Float32Array(64 * 48).map((_, i) => ((i % 64) / 63) * ((Math.floor(i / 64) + 1) / 48));
    // A shadow covers part of the canvas: the empty rows and columns take the fill path.
    for (let i = 0; i < 64 * 8; i++) data[i] = 0;
    for (let y = 0; y < 48; y++) data.fill(0, y * 64, y * 64 + 10);
    const map = { data, width: 64, height: 48 };
    const [w, h] = [2000, 1500];
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const viaSlices = await shadowLayer(map, w, h, '#102030', 0.8);
    counting = false;
    const viaVips = await shadowLayerVips(map, w, h, '#102030', 0.8);
    let worst = 0;
    for (let i = 0; i < viaSlices.length; i++) worst = Math.max(worst, Math.abs(viaSlices[i]! - viaVips[i]!));
    expect(worst).toBeLessThanOrEqual(2);
    // 3 MP is three slices: other work got a turn between each.
    expect(w * h).toBe(3 * LAYER_SLICE_PIXELS);
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
