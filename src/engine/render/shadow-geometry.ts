/**
 * Pure geometry of finishing shadows, on small float images (the renderer runs it at ≤ SHADOW_WORK_SIDE
 * px). Coordinates: x right, y down; pixel (x, y) covers [x, x+1) × [y, y+1).
 *
 * The model is the one product-shadow tools use: the subject is a cut-out standing upright on a floor
 * plane that meets it at its lowest row (the contact line). A point `h` px above the floor casts its
 * shadow `h · cot(elevation)` px away from the light along the floor; the floor is seen foreshortened,
 * so depth (towards/away from the camera) shrinks by `tilt` (sin of the camera's look-down angle) in the
 * picture. That makes the projection an affine map of the silhouette:
 *   X' = x + h · ax,   Y' = floor + h · ay,   h = floor − y,
 *   ax = cot(e) · sx,  ay = cot(e) · tilt · sy,  (sx, sy) = (−sin a, cos a) the way the shadow falls.
 * The penumbra widens linearly with the occluder's distance from the floor (h / sin e), so the blur radius
 * of a shadow row grows with the height its points came from.
 */
import { subjectBounds, type Rect } from './mask-ops.ts';

/** Alpha (0..1) at or above this counts as solid for the contact line and the bounds. */
export const SOLID = 0.5;
/** sin of the camera's look-down angle (~17°, a usual product shot): how flat the floor appears. */
export const FLOOR_TILT = 0.3;
/** Steepest a cast shadow may lie in the picture (|ay|), so a light from the side never gives a line. */
export const MIN_DEPTH_SLOPE = 0.06;
/** The subject's depth (front to back) as a share of its width: the shadow of its back lies behind. */
export const DEPTH_SHARE = 0.35;

export interface FloatImage {
  data: Float32Array;
  width: number;
  height: number;
}

export interface ContactLine {
  /** The lowest row holding solid subject pixels: where the subject meets the floor. */
  y: number;
  /** Column runs whose lowest solid pixel is within `tolerance` rows of `y` (inclusive ends). */
  runs: { left: number; right: number }[];
  tolerance: number;
  /** Bounds of the solid silhouette. */
  bounds: Rect;
}

/**
 * Finds the contact line of a silhouette (alpha 0..1): its lowest solid row, and the columns that reach
 * down to it within `toleranceShare` of the silhouette's height (at least 1 row) — a table's four legs are
 * four runs, a mug's base one. Null when nothing is solid.
 */
export function detectContactLine(image: FloatImage, toleranceShare = 0.03): ContactLine | null {
  const { data, width, height } = image;
  const bottom = new Int32Array(width).fill(-1);
  let top = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x]! < SOLID) continue;
      bottom[x] = y;
      if (top < 0) top = y;
      if (x < left) left = x;
      if (x > right) right = x;
    }
  }
  if (top < 0) return null;
  let y = -1;
  for (let x = left; x <= right; x++) y = Math.max(y, bottom[x]!);
  const bounds = { left, top, width: right - left + 1, height: y - top + 1 };
  const tolerance = Math.max(1, Math.round(toleranceShare * bounds.height));
  const runs: ContactLine['runs'] = [];
  let start = -1;
  for (let x = left; x <= right + 1; x++) {
    const touches = x <= right && bottom[x]! >= 0 && bottom[x]! >= y - tolerance;
    if (touches && start < 0) start = x;
    if (!touches && start >= 0) {
      runs.push({ left: start, right: x - 1 });
      start = -1;
    }
  }
  return { y, runs, tolerance, bounds };
}

export interface CastGeometry {
  /** The floor line's y (the bottom edge of the contact row). */
  floor: number;
  ax: number;
  ay: number;
}

/**
 * The affine projection for a light from `angle`° (0 behind the subject, 90 right, 180 the camera, 270
 * left) at `elevation`° (5..90). |ay| is kept at least MIN_DEPTH_SLOPE (a side light would otherwise flatten
 * the shadow into the contact line): on the far side when the light is level with the subject.
 */
export function castGeometry(
  contactY: number,
  angle: number,
  elevation: number,
  tilt = FLOOR_TILT,
): CastGeometry {
  const a = (angle * Math.PI) / 180;
  const e = (Math.min(90, Math.max(5, elevation)) * Math.PI) / 180;
  const reach = Math.cos(e) / Math.sin(e);
  const sx = -Math.sin(a);
  const sy = Math.cos(a);
  let ay = reach * tilt * sy;
  if (Math.abs(ay) < MIN_DEPTH_SLOPE) ay = sy > 1e-9 ? MIN_DEPTH_SLOPE : -MIN_DEPTH_SLOPE;
  return { floor: contactY + 1, ax: Math.abs(reach * sx) < 1e-12 ? 0 : reach * sx, ay };
}

/** Bilinear sample of a float image at continuous (x, y) (pixel centres at +0.5); 0 outside. */
export function sample(image: FloatImage, x: number, y: number): number {
  const { data, width, height } = image;
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const tx = fx - x0;
  const ty = fy - y0;
  let sum = 0;
  for (let dy = 0; dy < 2; dy++) {
    const yy = y0 + dy;
    if (yy < 0 || yy >= height) continue;
    const wy = dy === 0 ? 1 - ty : ty;
    for (let dx = 0; dx < 2; dx++) {
      const xx = x0 + dx;
      if (xx < 0 || xx >= width) continue;
      sum += data[yy * width + xx]! * wy * (dx === 0 ? 1 - tx : tx);
    }
  }
  return sum;
}

/**
 * Fills `count` pixels of `out` from `offset` with the image sampled bilinearly along a row: pixel i takes
 * the value at continuous (i + 0.5 − shift, y). The weights are the same for the whole row, so this is one
 * multiply-add per pixel (the projections move whole rows by a constant).
 */
export function sampleRow(
  image: FloatImage,
  y: number,
  shift: number,
  out: Float32Array,
  offset: number,
  count: number,
): void {
  const { data, width, height } = image;
  const fy = y - 0.5;
  const y0 = Math.floor(fy);
  const ty = fy - y0;
  const fx = -shift;
  const x0 = Math.floor(fx);
  const tx = fx - x0;
  const rowA = y0 >= 0 && y0 < height ? y0 * width : -1;
  const rowB = y0 + 1 >= 0 && y0 + 1 < height ? (y0 + 1) * width : -1;
  const wA = 1 - ty;
  const at = (row: number, x: number) => (row < 0 || x < 0 || x >= width ? 0 : data[row + x]!);
  // Interior pixels (both neighbours inside) skip the bounds checks.
  const first = Math.max(0, -x0);
  const last = Math.min(count, width - 1 - x0);
  for (let i = 0; i < count; i++) {
    if (i >= first && i < last) {
      const sx = x0 + i;
      const a = rowA < 0 ? 0 : data[rowA + sx]! * (1 - tx) + data[rowA + sx + 1]! * tx;
      const b = rowB < 0 ? 0 : data[rowB + sx]! * (1 - tx) + data[rowB + sx + 1]! * tx;
      out[offset + i] = a * wA + b * ty;
    } else {
      const sx = x0 + i;
      const a = at(rowA, sx) * (1 - tx) + at(rowA, sx + 1) * tx;
      const b = at(rowB, sx) * (1 - tx) + at(rowB, sx + 1) * tx;
      out[offset + i] = a * wA + b * ty;
    }
  }
}

/** Height above the floor (px, ≥ 0 or −1 on the side no shadow reaches) that row `y`'s shadow came from. */
export function rowHeight(geometry: CastGeometry, y: number): number {
  const h = (y + 0.5 - geometry.floor) / geometry.ay;
  return h < 0 ? -1 : h;
}

/**
 * The hard (unblurred) cast shadow: each destination pixel takes the silhouette's alpha at the point whose
 * shadow lands there (inverse of the affine map above). Rows whose points would lie below the floor stay 0.
 */
export function projectSilhouette(silhouette: FloatImage, geometry: CastGeometry): FloatImage {
  const { width, height } = silhouette;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const h = rowHeight(geometry, y);
    if (h < 0) continue;
    const sy = geometry.floor - h;
    if (sy <= 0) continue;
    sampleRow(silhouette, sy, h * geometry.ax, out, y * width, width);
  }
  return { data: out, width, height };
}

/**
 * Blur radius (px, the half-width of the box passes, ≈ σ) of the cast shadow of a point `height` px above
 * the floor: `base` at the contact line, growing with the light's path length to the floor (h / sin e) times
 * the light's apparent size, which `softness` (0..1) sets: 0 a point light, 1 about 0.25 rad across.
 */
export function castBlurRadius(height: number, softness: number, elevation: number, base: number): number {
  const path = Math.max(0, height) / Math.sin((Math.min(90, Math.max(5, elevation)) * Math.PI) / 180);
  return base + path * softness * 0.25;
}

/**
 * Spreads a shadow upwards by `rows` (the subject's depth seen on the floor): each pixel takes the maximum
 * of itself and the `rows` pixels below it — the union of the silhouette's shadow and those of slices
 * behind it. Running maximum by van Herk / Gil–Werman: O(1) per pixel whatever `rows` is, over whole rows
 * of the box holding the non-zero pixels (memory in order). Values are ≥ 0.
 */
export function spreadUp(image: FloatImage, rows: number): FloatImage {
  const n = Math.max(0, Math.round(rows));
  if (n === 0) return image;
  const { width, height, data } = image;
  const out = new Float32Array(width * height);
  const box = subjectBounds(data, width, height, Number.MIN_VALUE);
  if (!box) return { data: out, width, height };
  const w = box.width;
  const bottom = box.top + box.height;
  const top = Math.max(0, box.top - n);
  const span = bottom - top;
  // Rows [top, bottom) of the box, then n rows of 0 below; g: running max from each block's start
  // downwards, h: from each block's end upwards (blocks of n + 1 rows).
  const length = span + n;
  const block = n + 1;
  const g = new Float32Array(length * w);
  const h = new Float32Array(length * w);
  const source = (r: number) => data.subarray((top + r) * width + box.left, (top + r) * width + box.left + w);
  for (let r = 0; r < span; r++) {
    const src = source(r);
    const o = r * w;
    if (r % block === 0) g.set(src, o);
    else for (let x = 0; x < w; x++) g[o + x] = Math.max(g[o - w + x]!, src[x]!);
  }
  // Rows past the box are 0: g keeps its running max there, h is 0 (never below the values it joins).
  for (let r = span; r < length; r++) if (r % block !== 0) g.copyWithin(r * w, (r - 1) * w, r * w);
  for (let r = Math.min(span, length) - 1; r >= 0; r--) {
    const src = source(r);
    const o = r * w;
    if (r % block === block - 1 || r === length - 1) h.set(src, o);
    else for (let x = 0; x < w; x++) h[o + x] = Math.max(h[o + w + x]!, src[x]!);
  }
  for (let r = 0; r < span; r++) {
    const o = (top + r) * width + box.left;
    const a = r * w;
    const b = (r + n) * w;
    for (let x = 0; x < w; x++) out[o + x] = Math.max(h[a + x]!, g[b + x]!);
  }
  return { data: out, width, height };
}
