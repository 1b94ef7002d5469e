/**
 * Enlarging a cut-out keeps its edges smooth (issue 14 point 4), measured against the analytic shape: a
 * 190 px disc enlarged ×5 by a resize (runPlan) and ×5.06 by generate's item-area layout (placeLayer).
 * Old path (lanczos3 on the whole RGBA layer) → enlarge.ts, measured when it was written:
 *   anti-aliased disc, resize ×5:  edge-band MAE 0.278 → 0.033, contour wobble 0.33 → 0.16 px
 *   binary mask, resize ×5:         edge-band MAE 0.275 → 0.181, contour wobble 1.17 → 0.84 px
 *   generate ×5.06 (subject crop):  edge-band MAE 0.284 → 0.034, contour wobble 2.76 → 0.16 px, 11 → 0 ring
 */
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { layoutByArea, toPlan } from '../../recipe/index.ts';
import { runPlan } from '../index.ts';
import { sourceCache } from '../source-cache.ts';
import { discMatte, discPhoto, scoreEnlargedDisc, type Disc } from '../testing/enlarge-scenes.ts';
import { enlargeMatte } from './enlarge.ts';
import { placeLayer } from './frame.ts';
import { subjectBounds } from './mask-ops.ts';

beforeEach(() => sourceCache.clear());

const FG: [number, number, number] = [200, 110, 40];
const BG: [number, number, number] = [236, 236, 232];
const SIZE = 240;
// Off the pixel grid, so the edge crosses pixels at every phase.
const DISC: Disc = { cx: SIZE / 2 + 0.3, cy: SIZE / 2 - 0.2, r: 95 };
const scaledDisc = (k: number, shift = { x: 0, y: 0 }): Disc => ({
  cx: DISC.cx * k + shift.x,
  cy: DISC.cy * k + shift.y,
  r: DISC.r * k,
});

async function resizedFiveTimes(hard: boolean) {
  const raw = (channels: 1 | 3) => ({ raw: { width: SIZE, height: SIZE, channels } });
  const image = await sharp(discPhoto(SIZE, SIZE, DISC, FG, BG), raw(3))
    .png()
    .toBuffer();
  const mask = await sharp(discMatte(SIZE, SIZE, DISC, hard), raw(1))
    .png()
    .toBuffer();
  const plan = toPlan('deep-image', {
    width: SIZE * 5,
    height: SIZE * 5,
    background: { remove: 'auto', color: 'transparent' },
    output_format: 'png',
  });
  const result = await runPlan({ image, plan, mask, cache: false });
  const { data, info } = await sharp(result.data).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([SIZE * 5, SIZE * 5, 4]);
  return scoreEnlargedDisc(data, info.width, info.height, scaledDisc(5), FG, 5);
}

describe('enlarging a cut-out', () => {
  it('a resize ×5 of an anti-aliased 190 px disc: a crisp edge where it belongs, smooth, no ring', async () => {
    const scores = await resizedFiveTimes(false);
    expect(scores.bandMae).toBeLessThan(0.08);
    expect(scores.staircase).toBeLessThan(0.2);
    expect(scores.ringing).toBe(0);
    // The colour inside the edge keeps the subject's colour (no lanczos rim).
    expect(scores.rim).toBeLessThan(4);
  });

  it('a resize ×5 of a binary mask: its pixel stairs are rounded into a smoother contour', async () => {
    const scores = await resizedFiveTimes(true);
    expect(scores.staircase).toBeLessThan(1);
    expect(scores.bandMae).toBeLessThan(0.24);
    expect(scores.ringing).toBe(0);
  });

  it('generate placing the disc at 65 % of a 1200 px canvas goes through the same resampler', async () => {
    const matte = discMatte(SIZE, SIZE, DISC);
    const rgba = Buffer.alloc(SIZE * SIZE * 4);
    for (let i = 0; i < SIZE * SIZE; i++) rgba.set([...FG, matte[i]!], i * 4);
    const layer = { width: SIZE, height: SIZE, channels: 4 as const, pixels: async () => rgba };
    const bounds = subjectBounds(matte, SIZE, SIZE)!;
    const layout = layoutByArea({ width: 1200, height: 1200 }, bounds, 0.65);
    const k = layout.scaled.width / layout.source.width;
    expect(k).toBeGreaterThan(4);
    const placed = (await placeLayer(layer, layout))!;
    const shift = {
      x: layout.offset.left - layout.source.left * k - placed.left,
      y: layout.offset.top - layout.source.top * k - placed.top,
    };
    const scores = scoreEnlargedDisc(placed.data, placed.width, placed.height, scaledDisc(k, shift), FG, k);
    expect(scores.bandMae).toBeLessThan(0.08);
    expect(scores.staircase).toBeLessThan(0.25);
    expect(scores.ringing).toBe(0);
  });

  it('leaves a soft matte (a 12 px feather, a 40 % glass plateau) as soft as it was', async () => {
    const width = 60;
    const matte = new Uint8Array(width * 8);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < width; x++)
        matte[y * width + x] = x < 20 ? 102 : Math.round(255 * Math.min(Math.max((x - 24) / 12, 0), 1));
    const out = enlargeMatte(
      matte,
      width,
      8,
      { left: 0, top: 0, width, height: 8 },
      { width: width * 4, height: 32 },
    );
    const row = Array.from(out.subarray(16 * width * 4, 17 * width * 4));
    // The plateau keeps its 40 %, and the feather still climbs over ~48 output px (12 source px × 4).
    expect(row.slice(0, 60).every((v) => v === 102)).toBe(true);
    const climbing = row.filter((v, x) => x >= 96 && v > 12 && v < 243).length;
    expect(climbing).toBeGreaterThan(36);
  });
});
