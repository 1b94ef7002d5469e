/**
 * A blur whose radius changes from row to row (a cast shadow softens with distance from the contact
 * line), in O(pixels) whatever the radius: each pass is a box filter read from running sums, and three
 * passes approximate a Gaussian of σ ≈ the box half-width (Wells, "Efficient synthesis of Gaussian
 * filters by cascaded uniform filters", IEEE PAMI 1986). Radii may be fractional: the running sum is
 * interpolated inside a pixel, so a slider moving the radius moves the result smoothly.
 */
import { subjectBounds } from './mask-ops.ts';
import type { FloatImage } from './shadow-geometry.ts';

/** Radius per row (px, ≥ 0): horizontal and vertical half-widths of the box. */
export interface RowRadii {
  x: Float32Array;
  y: Float32Array;
}

const PASSES = 3;

export function uniformRadii(height: number, rx: number, ry = rx): RowRadii {
  return { x: new Float32Array(height).fill(rx), y: new Float32Array(height).fill(ry) };
}

/**
 * Gaussian-like blur of `image` with per-row radii; returns a new image. Only the box around the non-zero
 * pixels, grown by what the passes can spread, is worked on (a shadow covers a fraction of the canvas).
 */
export function blurRows(image: FloatImage, radii: RowRadii, passes = PASSES): FloatImage {
  const { width, height } = image;
  const box = nonZeroBox(image);
  const out = new Float32Array(width * height);
  if (!box) return { data: out, width, height };
  let reach = 0;
  for (let y = box.top; y < box.bottom; y++) reach = Math.max(reach, radii.x[y]!, radii.y[y]!);
  // Rows the vertical passes reach may have larger radii of their own: grow until stable (twice is plenty).
  for (let round = 0; round < 2; round++) {
    const top = Math.max(0, box.top - Math.ceil(passes * reach) - 1);
    const bottom = Math.min(height, box.bottom + Math.ceil(passes * reach) + 1);
    for (let y = top; y < bottom; y++) reach = Math.max(reach, radii.x[y]!, radii.y[y]!);
  }
  const grow = Math.ceil(passes * reach) + 1;
  const left = Math.max(0, box.left - grow);
  const right = Math.min(width, box.right + grow);
  const top = Math.max(0, box.top - grow);
  const bottom = Math.min(height, box.bottom + grow);
  const w = right - left;
  const h = bottom - top;
  const a = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    a.set(image.data.subarray((top + y) * width + left, (top + y) * width + right), y * w);
  const b = new Float32Array(w * h);
  const rx = radii.x.subarray(top, bottom);
  const ry = radii.y.subarray(top, bottom);
  const rowSums = new Float64Array(w + 1);
  const columnSums = new Float64Array((h + 1) * w);
  for (let pass = 0; pass < passes; pass++) {
    horizontal(a, b, w, h, rx, rowSums);
    vertical(b, a, w, h, ry, columnSums);
  }
  for (let y = 0; y < h; y++) out.set(a.subarray(y * w, (y + 1) * w), (top + y) * width + left);
  return { data: out, width, height };
}

/** Smallest box holding every non-zero pixel, as [left, right) × [top, bottom); null when none. */
export function nonZeroBox(image: FloatImage) {
  const rect = subjectBounds(image.data, image.width, image.height, 1e-6);
  return (
    rect && { left: rect.left, right: rect.left + rect.width, top: rect.top, bottom: rect.top + rect.height }
  );
}

/** Sum of `values` over [0, t) for continuous t, from the prefix sums `prefix` (length n + 1). */
function prefixAt(prefix: Float64Array, values: Float32Array, offset: number, n: number, t: number): number {
  if (t <= 0) return 0;
  if (t >= n) return prefix[n]!;
  const i = Math.floor(t);
  return prefix[i]! + (t - i) * values[offset + i]!;
}

function horizontal(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
  radius: Float32Array,
  sums: Float64Array,
): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const r = radius[y]!;
    if (r <= 0) {
      dst.set(src.subarray(row, row + width), row);
      continue;
    }
    sums[0] = 0;
    for (let x = 0; x < width; x++) sums[x + 1] = sums[x]! + src[row + x]!;
    const norm = 1 / (2 * r + 1);
    // Window [x − r, x + r + 1): both ends have the same fraction along the whole row.
    const whole = Math.floor(r);
    const f = r - whole;
    const hiStep = whole + 1;
    const loStep = f > 0 ? whole + 1 : whole;
    const loFrac = f > 0 ? 1 - f : 0;
    const first = loStep;
    const last = width - 1 - hiStep;
    for (let x = 0; x < width; x++) {
      if (x >= first && x <= last) {
        const hi = x + hiStep;
        const lo = x - loStep;
        const upper = sums[hi]! + f * src[row + hi]!;
        const lower = sums[lo]! + loFrac * src[row + lo]!;
        dst[row + x] = (upper - lower) * norm;
      } else {
        const hi = prefixAt(sums, src, row, width, x + r + 1);
        const lo = prefixAt(sums, src, row, width, x - r);
        dst[row + x] = (hi - lo) * norm;
      }
    }
  }
}

/** Column sums live row-major (sums[y * width + x] = Σ rows < y), so every loop walks memory in order. */
function vertical(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
  radius: Float32Array,
  sums: Float64Array,
): void {
  for (let x = 0; x < width; x++) sums[x] = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const next = row + width;
    for (let x = 0; x < width; x++) sums[next + x] = sums[row + x]! + src[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const r = radius[y]!;
    const row = y * width;
    if (r <= 0) {
      dst.set(src.subarray(row, row + width), row);
      continue;
    }
    const [hiRow, hiFrac] = split(y + r + 1, height);
    const [loRow, loFrac] = split(y - r, height);
    const hi = hiRow * width;
    const lo = loRow * width;
    const norm = 1 / (2 * r + 1);
    for (let x = 0; x < width; x++) {
      const upper = sums[hi + x]! + (hiFrac > 0 ? hiFrac * src[hi + x]! : 0);
      const lower = sums[lo + x]! + (loFrac > 0 ? loFrac * src[lo + x]! : 0);
      dst[row + x] = (upper - lower) * norm;
    }
  }
}

/** A continuous row position as (whole row, fraction) clamped to [0, n] (fraction 0 at the ends). */
function split(t: number, n: number): [number, number] {
  if (t <= 0) return [0, 0];
  if (t >= n) return [n, 0];
  const i = Math.floor(t);
  return [i, t - i];
}
