/**
 * Faint matte values away from the subject, cleared before compositing on an opaque flat colour.
 *
 * A salient-object model leaves a haze of low alpha (a few percent) around and away from the subject —
 * over reflections, soft shadows, JPEG noise — and the guided-filter refinement spreads the soft edge a
 * few pixels further. Over a flat colour that haze tints the backdrop (RGB 254, 253 … next to a dark
 * product), so a "pure white" background is not RGB 255,255,255 where the marketplace checks it (Amazon's
 * main image; the compliance check counts the background beyond EDGE_BAND_PX of the mask, regions.ts).
 *
 * The rule (a hysteresis threshold on the matte, as in Canny's edge linking): alpha ≥ FAINT_ALPHA is the
 * subject's core; values below it are kept only within `radius` px (Chebyshev) of that core — the
 * subject's own soft edge — and set to 0 elsewhere. Semi-transparent parts of the subject (glass, tulle)
 * sit above the floor and stay; a detached haze or a tail of the edge beyond the radius goes.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Plan } from '../../recipe/index.ts';

/** Alpha at or above this (12.5 %) is the subject's core; lower values far from it are haze. */
export const FAINT_ALPHA = 32;

/** Soft-edge radius kept around the core, in pixels of the matte (the photo's, before framing). */
export const SOFT_EDGE_PX = 2;

/**
 * Marks the pixels within `radius` (Chebyshev distance, 0 = the pixel itself) of any `mask` value
 * ≥ `threshold`: 1 there, 0 elsewhere. A summed-area table of the thresholded mask, so O(width × height)
 * whatever the radius. `mask` is one value per pixel, row-major, `width × height` long.
 */
export function nearMask(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  threshold: number,
  radius: number,
): Uint8Array {
  const stride = width + 1;
  const table = new Uint32Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += mask[y * width + x]! >= threshold ? 1 : 0;
      table[(y + 1) * stride + x + 1] = table[y * stride + x + 1]! + row;
    }
  }
  const near = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const sum =
        table[y1 * stride + x1]! -
        table[y0 * stride + x1]! -
        table[y1 * stride + x0]! +
        table[y0 * stride + x0]!;
      if (sum > 0) near[y * width + x] = 1;
    }
  }
  return near;
}

/** Whether a value ≥ FAINT_ALPHA lies within `radius` px (Chebyshev) of (x, y); nearest rows first. */
function coreWithin(alpha: Buffer, width: number, height: number, x: number, y: number, radius: number) {
  const x0 = Math.max(0, x - radius);
  const x1 = Math.min(width - 1, x + radius);
  for (let d = 0; d <= radius; d++) {
    for (let side = d === 0 ? 1 : -1; side <= 1; side += 2) {
      const row = y + side * d;
      if (row < 0 || row >= height) continue;
      const at = row * width;
      for (let u = x0; u <= x1; u++) if (alpha[at + u]! >= FAINT_ALPHA) return true;
    }
  }
  return false;
}

/** Pixels of the matte scanned between two turns of the event loop (~5 ms each warm, ~25 cold). */
const SLICE_PIXELS = 1_000_000;

/**
 * A copy of `alpha` (0..255, `width × height` bytes) with every value below FAINT_ALPHA that lies farther
 * than `radius` px from a value ≥ FAINT_ALPHA set to 0. Values at or above the floor, and the soft edge
 * next to them, are unchanged. Resolves to the input itself when nothing changes. Throws RangeError when
 * the length does not match the size.
 *
 * Runs on the event loop, so it looks only around the faint pixels (0 < alpha < FAINT_ALPHA, a few percent
 * of a photo; an edge pixel finds the core in its own or the next row), at most (2·radius + 1)² reads
 * each, and yields every SLICE_PIXELS (1 MP): a summed-area table of the whole matte (nearMask) had held the loop
 * for ~230 ms on a 12 MP photo, this ~25 ms in all.
 */
export async function clearFaintMatte(
  alpha: Buffer,
  width: number,
  height: number,
  radius = SOFT_EDGE_PX,
): Promise<Buffer> {
  if (alpha.length !== width * height)
    throw new RangeError(`clearFaintMatte: ${alpha.length} bytes for a ${width}×${height} matte.`);
  let out: Buffer | null = null;
  const band = Math.max(1, Math.floor(SLICE_PIXELS / width));
  for (let y = 0; y < height; y++) {
    if (y > 0 && y % band === 0) await nextTurn();
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const a = alpha[row + x]!;
      if (a === 0 || a >= FAINT_ALPHA || coreWithin(alpha, width, height, x, y, radius)) continue;
      // The copy is made on the first change; the rows before it are unchanged.
      out ??= Buffer.from(alpha);
      out[row + x] = 0;
    }
  }
  return out ?? alpha;
}

/**
 * True when the plan composites the subject on an opaque flat colour (a colour, or the automatic colour),
 * where clearFaintMatte applies. Transparent cut-outs keep the matte as the model made it (their alpha is
 * the user's to use); images, studio backdrops and blurs hide a faint haze in their own texture.
 */
export function onFlatColour(background: Plan['background']): boolean {
  return background.kind === 'color' || background.kind === 'auto-color';
}
