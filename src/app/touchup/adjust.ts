/**
 * Whole-mask adjustments, applied after every brush and box: grow/shrink (grey-level dilation or erosion
 * by a disc: the max or min over every pixel within `px`) and feather (a Gaussian blur of the given
 * standard deviation, approximated by three box blurs — Wells, "Efficient synthesis of Gaussian filters
 * by cascaded uniform filters", 1986). Both can run on a rectangle only, reading a margin around it, so a
 * brush stroke updates the adjusted mask where it painted. Small σ is convolved exactly (see feather).
 */
import { boxMean } from '../../recipe/raster/box-filter.ts';
import { padRect, readRect, type MaskRaster, type Rect } from './raster.ts';

export interface Adjustments {
  /** Grow (> 0) or shrink (< 0) the subject, in photo pixels. */
  grow: number;
  /** Feather: the blur's standard deviation in photo pixels, 0 for none. */
  feather: number;
}

export const isIdentity = (a: Adjustments) => Math.round(a.grow) === 0 && a.feather < 0.25;

/** How far outside a rectangle the adjustments read. */
function adjustMargin(a: Adjustments): number {
  return Math.abs(Math.round(a.grow)) + Math.ceil(3 * a.feather) + 1;
}

/**
 * Dilation (px > 0) or erosion (px < 0) of a w×h byte image by a disc of radius |px|: each output pixel is
 * the max (min) over the input pixels whose centres lie within |px| of its own. The disc is a stack of
 * horizontal spans, so each source row is windowed once per span width (the two rows ±dy share one) and
 * only between its first and last non-neutral pixel: rows of pure background cost nothing when growing
 * (nor rows of pure subject when shrinking). Worst case O(w·h·|px|).
 */
export function growShrink(src: Uint8Array, w: number, h: number, px: number): Uint8Array {
  const r = Math.round(Math.abs(px));
  if (r === 0) return src.slice();
  const grow = px > 0;
  const neutral = grow ? 0 : 255;
  const out = new Uint8Array(w * h).fill(neutral);
  const row = new Uint8Array(w + 2 * r);
  for (let sy = 0; sy < h; sy++) {
    const start = sy * w;
    let first = 0;
    while (first < w && src[start + first] === neutral) first++;
    if (first === w) continue;
    let last = w - 1;
    while (src[start + last] === neutral) last--;
    for (let dy = 0; dy <= r; dy++) {
      const half = Math.floor(Math.sqrt(r * r - dy * dy));
      const lo = Math.max(0, first - half);
      const hi = Math.min(w - 1, last + half);
      // Outside [first, last] the row is neutral, so windowing just that stretch is exact.
      windowExtreme(src, start + lo, hi - lo + 1, half, grow, row);
      for (const y of dy === 0 ? [sy] : [sy - dy, sy + dy]) {
        if (y < 0 || y >= h) continue;
        const o = y * w + lo;
        if (grow)
          for (let x = 0; x <= hi - lo; x++) out[o + x] = out[o + x]! > row[x]! ? out[o + x]! : row[x]!;
        else for (let x = 0; x <= hi - lo; x++) out[o + x] = out[o + x]! < row[x]! ? out[o + x]! : row[x]!;
      }
    }
  }
  return out;
}

/**
 * Max (or min) over [x − half, x + half] of one row, clipped at the row's ends: van Herk / Gil-Werman, three
 * comparisons per pixel whatever the window. The row is padded with the neutral value (0 for max, 255 for
 * min), which is the same as clipping the window.
 */
function windowExtreme(
  src: Uint8Array,
  start: number,
  w: number,
  half: number,
  max: boolean,
  out: Uint8Array,
) {
  if (half === 0) {
    out.set(src.subarray(start, start + w));
    return;
  }
  const k = 2 * half + 1;
  const n = w + 2 * half;
  const padded = scratch(n, 0);
  const neutral = max ? 0 : 255;
  padded.fill(neutral, 0, half);
  padded.set(src.subarray(start, start + w), half);
  padded.fill(neutral, half + w, n);
  const forward = scratch(n, 1);
  const backward = scratch(n, 2);
  // Written out per direction: a compare callback per pixel costs several times the comparison.
  if (max) {
    for (let i = 0; i < n; i++) {
      const v = padded[i]!;
      forward[i] = i % k === 0 || forward[i - 1]! < v ? v : forward[i - 1]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      const v = padded[i]!;
      backward[i] = i === n - 1 || (i + 1) % k === 0 || backward[i + 1]! < v ? v : backward[i + 1]!;
    }
    for (let x = 0; x < w; x++) {
      const a = backward[x]!;
      const b = forward[x + k - 1]!;
      out[x] = a > b ? a : b;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = padded[i]!;
      forward[i] = i % k === 0 || forward[i - 1]! > v ? v : forward[i - 1]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      const v = padded[i]!;
      backward[i] = i === n - 1 || (i + 1) % k === 0 || backward[i + 1]! > v ? v : backward[i + 1]!;
    }
    for (let x = 0; x < w; x++) {
      const a = backward[x]!;
      const b = forward[x + k - 1]!;
      out[x] = a < b ? a : b;
    }
  }
}

const scratchRows: Uint8Array[] = [];
function scratch(length: number, slot: number): Uint8Array {
  const existing = scratchRows[slot];
  if (existing && existing.length >= length) return existing;
  return (scratchRows[slot] = new Uint8Array(length));
}

/** Box radii of three passes whose cascade has standard deviation ≈ sigma (Kovesi's rounding). */
export function boxRadiiFor(sigma: number): number[] {
  const n = 3;
  const ideal = Math.sqrt((12 * sigma * sigma) / n + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower--;
  const upper = lower + 2;
  const m = Math.round((12 * sigma * sigma - n * lower * lower - 4 * n * lower - 3 * n) / (-4 * lower - 4));
  return Array.from({ length: n }, (_, i) => ((i < m ? lower : upper) - 1) / 2);
}

/** Below this σ three box passes are too coarse (σ = 1 would be a single 3-px box): convolve exactly. */
const EXACT_BELOW = 3;

/**
 * Gaussian blur of a w×h byte image with standard deviation `sigma` px, rounded back to bytes. Windows
 * are clipped at the borders and renormalised (a flat mask stays flat up to its edges). Exact separable
 * kernel (radius ⌈3σ⌉) below σ = 3; above, three box means, whose error there is below a grey level.
 */
export function feather(src: Uint8Array, w: number, h: number, sigma: number): Uint8Array {
  if (sigma < 0.25) return src.slice();
  let plane: Float32Array = Float32Array.from(src);
  if (sigma < EXACT_BELOW) plane = gaussian(plane, w, h, sigma);
  else for (const r of boxRadiiFor(sigma)) if (r > 0) plane = boxMean(plane, w, h, r);
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(plane[i]!);
  return out;
}

function gaussian(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const kernel = Float32Array.from({ length: 2 * r + 1 }, (_, i) =>
    Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)),
  );
  const total = kernel.reduce((a, b) => a + b, 0);
  // One row: the interior without bounds checks, the ends with the window clipped and renormalised.
  const line = (from: Float32Array, to: Float32Array, base: number, step: number, n: number) => {
    for (let i = 0; i < n; i++) {
      const interior = i >= r && i < n - r;
      let sum = 0;
      let weight = interior ? total : 0;
      const k0 = interior ? -r : Math.max(-r, -i);
      const k1 = interior ? r : Math.min(r, n - 1 - i);
      let at = base + (i + k0) * step;
      for (let k = k0; k <= k1; k++, at += step) {
        const g = kernel[k + r]!;
        sum += from[at]! * g;
        if (!interior) weight += g;
      }
      to[base + i * step] = sum / weight;
    }
  };
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) line(src, tmp, y * w, 1, w);
  // Vertically whole rows at a time, so memory is read in order (a column walk is several times slower).
  for (let y = 0; y < h; y++) {
    const k0 = Math.max(-r, -y);
    const k1 = Math.min(r, h - 1 - y);
    let weight = 0;
    for (let k = k0; k <= k1; k++) weight += kernel[k + r]!;
    const o = y * w;
    for (let k = k0; k <= k1; k++) {
      const g = kernel[k + r]! / weight;
      const from = (y + k) * w;
      for (let x = 0; x < w; x++) out[o + x]! += tmp[from + x]! * g;
    }
  }
  return out;
}

/**
 * The adjusted mask inside `rect`: grow/shrink then feather of `edited`, reading a margin around the
 * rectangle, written into `target` (same size as `edited`). Returns the rectangle written.
 */
export function adjustRect(edited: MaskRaster, target: MaskRaster, rect: Rect, a: Adjustments): Rect {
  const { width, height } = edited;
  const outer = padRect(rect, adjustMargin(a), width, height);
  let pixels = readRect(edited, outer);
  if (Math.round(a.grow) !== 0) pixels = growShrink(pixels, outer.width, outer.height, a.grow);
  if (a.feather >= 0.25) pixels = feather(pixels, outer.width, outer.height, a.feather);
  const inner = padRect(rect, 0, width, height);
  for (let y = inner.top; y < inner.top + inner.height; y++) {
    const from = (y - outer.top) * outer.width + (inner.left - outer.left);
    target.data.set(pixels.subarray(from, from + inner.width), y * width + inner.left);
  }
  return inner;
}
