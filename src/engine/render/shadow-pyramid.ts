/**
 * A blur whose radius changes from row to row (a cast shadow softens with distance from the contact line),
 * as a blend between a few fixed-radius blurs: levels of radius R₀·2ᵏ, each computed on the image
 * box-averaged down so its radius is ≥ 2 of its own pixels (a 40 px blur runs on a 1/16-size image), and
 * each row takes the two levels around its radius, weighted so the blend's variance is the radius's
 * (a mix (1−t)·G(a) + t·G(b) has variance (1−t)a² + tb²). Rows only compute the levels they use, so most of
 * the silhouette, far from the floor, is blurred at low resolution: 3.5 ms of CPU against 14 ms for
 * blurRows with per-row radii on a 1024 px photo's 512 px work image, and within a few percent of it
 * (shadow.test.ts compares the cast shadows of the two on a silhouette).
 */
import { blurRows, nonZeroBox, uniformRadii } from './shadow-blur.ts';
import type { FloatImage } from './shadow-geometry.ts';

/**
 * Radius ratio between levels. √2 was tried: 30% more CPU and no closer to the per-row blur (a bottle
 * lit at 270°/20°/0.9, in its densest shadow rows: mean difference 0.021 against 0.016 with 2).
 */
const RATIO = 2;
/** A level's radius in its own (downsampled) pixels is at least this: enough to hide the box averaging. */
const MIN_LEVEL_RADIUS = 2;

/** Which level (k, k+1) each row blends and the weight t of k+1; radius clamped to [r0, r0·2^top]. */
function rowLevels(radius: Float32Array, r0: number, top: number, y0: number, y1: number) {
  const low = new Int32Array(radius.length);
  const t = new Float32Array(radius.length);
  for (let y = y0; y < y1; y++) {
    const r = Math.min(r0 * RATIO ** top, Math.max(r0, radius[y]!));
    const k = Math.min(top - 1, Math.floor(Math.log(r / r0) / Math.log(RATIO) + 1e-9));
    const a = r0 * RATIO ** k;
    const b = RATIO * a;
    low[y] = k;
    t[y] = Math.min(1, Math.max(0, (r * r - a * a) / (b * b - a * a)));
  }
  return { low, t };
}

/**
 * The box half-width that blurs a level `d` times smaller as blurRows' radius `r` blurs the full image.
 * Three box passes of half-width r have variance r(r + 1) (not r²: that matters at the 2–3 px a level
 * runs at); box-averaging by d and bilinear upscaling add about d²/4 (d²/12 + d²/6) of their own.
 */
function levelRadius(r: number, d: number): number {
  if (d === 1) return r;
  const q = Math.max(0, (r * (r + 1)) / (d * d) - 0.25);
  return (Math.sqrt(1 + 4 * q) - 1) / 2;
}

/** `image` box-averaged 2× in both directions (an odd last row or column is averaged over what is in). */
function halve(image: FloatImage): FloatImage {
  const { width, height, data } = image;
  const w = Math.ceil(width / 2);
  const h = Math.ceil(height / 2);
  const out = new Float32Array(w * h);
  const pairs = width >> 1;
  for (let y = 0; y < h; y++) {
    const a = 2 * y * width;
    const b = 2 * y + 1 < height ? a + width : a;
    const row = y * w;
    for (let x = 0; x < pairs; x++) {
      const i = 2 * x;
      out[row + x] = 0.25 * (data[a + i]! + data[a + i + 1]! + data[b + i]! + data[b + i + 1]!);
    }
    if (w > pairs) out[row + pairs] = 0.5 * (data[a + width - 1]! + data[b + width - 1]!);
  }
  return { data: out, width: w, height: h };
}

/** Rows [from, to) of an image, without copying. */
function rows(image: FloatImage, from: number, to: number): FloatImage {
  const { width } = image;
  return { data: image.data.subarray(from * width, to * width), width, height: to - from };
}

/** Horizontal bilinear taps from full-resolution columns into a level `d` times smaller. */
function levelTaps(width: number, levelWidth: number, d: number) {
  const index = new Int32Array(width);
  const frac = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const u = Math.min(levelWidth - 1, Math.max(0, (x + 0.5) / d - 0.5));
    const i = Math.min(Math.max(0, levelWidth - 2), Math.floor(u));
    index[x] = i;
    frac[x] = levelWidth > 1 ? u - i : 0;
  }
  return { index, frac };
}

/**
 * Gaussian-like blur of `image` where row y has radius `radius[y]` (px, ≈ σ, as blurRows' box half-width);
 * returns a new image. Rows further than three radii from any content stay 0.
 */
export function pyramidBlur(image: FloatImage, radius: Float32Array): FloatImage {
  const { width, height } = image;
  const out = new Float32Array(width * height);
  const box = nonZeroBox(image);
  if (!box) return { data: out, width, height };
  // The rows content can reach (as blurRows: grown by three of the largest radius nearby, twice).
  let reach = 0;
  let y0 = box.top;
  let y1 = box.bottom;
  for (let round = 0; round < 3; round++) {
    for (let y = y0; y < y1; y++) reach = Math.max(reach, radius[y]!);
    y0 = Math.max(0, box.top - Math.ceil(3 * reach) - 1);
    y1 = Math.min(height, box.bottom + Math.ceil(3 * reach) + 1);
  }
  let r0 = Infinity;
  for (let y = y0; y < y1; y++) r0 = Math.min(r0, radius[y]!);
  r0 = Math.max(r0, 0.25);
  if (reach <= r0 * 1.001) return blurRows(image, uniformRadii(height, r0));
  const top = Math.ceil(Math.log(reach / r0) / Math.log(RATIO) - 1e-9);
  const { low, t } = rowLevels(radius, r0, top, y0, y1);
  // Rows [y0, y1) halved again and again: level k reads the one its radius allows.
  const pyramid = [rows(image, y0, y1)];
  for (let k = 0; k <= top; k++) {
    // The rows that use level k, and a margin its blur reaches into.
    let first = -1;
    let last = -1;
    for (let y = y0; y < y1; y++)
      if (low[y] === k || (low[y] === k - 1 && t[y]! > 0)) {
        if (first < 0) first = y;
        last = y;
      }
    if (first < 0) continue;
    const rk = r0 * RATIO ** k;
    const step = Math.max(0, Math.floor(Math.log2(rk / MIN_LEVEL_RADIUS)));
    while (pyramid.length <= step) pyramid.push(halve(pyramid[pyramid.length - 1]!));
    const d = 2 ** step;
    const grid = pyramid[step]!;
    const margin = Math.ceil(3 * rk) + 1;
    const b0 = Math.max(0, Math.floor((first - margin - y0) / d));
    const b1 = Math.min(grid.height, Math.ceil((last + 1 + margin - y0) / d));
    const level = blurRows(rows(grid, b0, b1), uniformRadii(b1 - b0, levelRadius(rk, d)));
    addLevel(out, width, level, d, y0 + b0 * d, first, last + 1, (y) =>
      low[y] === k ? 1 - t[y]! : low[y] === k - 1 ? t[y]! : 0,
    );
  }
  return { data: out, width, height };
}

/** Adds weight(y) × the level (bilinear from its grid, `d` times smaller, starting at row b0) to rows [y0, y1). */
function addLevel(
  out: Float32Array,
  width: number,
  level: FloatImage,
  d: number,
  b0: number,
  y0: number,
  y1: number,
  weight: (y: number) => number,
): void {
  // Only where the level has content (blurRows leaves the rest 0): most rows far from the floor.
  const box = nonZeroBox(level);
  if (!box) return;
  const x0 = Math.max(0, (box.left - 1) * d);
  const x1 = Math.min(width, (box.right + 1) * d);
  const from = Math.max(y0, b0 + (box.top - 1) * d);
  const to = Math.min(y1, b0 + (box.bottom + 1) * d);
  const taps = levelTaps(width, level.width, d);
  const right = level.width > 1 ? 1 : 0;
  // Each level row is widened to full resolution once, for the d or so output rows that read it; two
  // buffers, swapped as the rows move down.
  let upper = new Float32Array(x1 - x0);
  let lower = new Float32Array(x1 - x0);
  const widen = (i: number, row: Float32Array) => {
    const src = level.data.subarray(i * level.width, (i + 1) * level.width);
    for (let x = x0; x < x1; x++) {
      const j = taps.index[x]!;
      row[x - x0] = src[j]! + taps.frac[x]! * (src[j + right]! - src[j]!);
    }
  };
  let upperIndex = -1;
  for (let y = from; y < to; y++) {
    const w = weight(y);
    if (w === 0) continue;
    const v = Math.min(level.height - 1, Math.max(0, (y - b0 + 0.5) / d - 0.5));
    const i = Math.min(Math.max(0, level.height - 2), Math.floor(v));
    const fy = level.height > 1 ? v - i : 0;
    if (i !== upperIndex) {
      if (i === upperIndex + 1) [upper, lower] = [lower, upper];
      else widen(i, upper);
      if (level.height > 1) widen(i + 1, lower);
      else lower.set(upper);
      upperIndex = i;
    }
    const row = y * width + x0;
    for (let x = 0; x < upper.length; x++) {
      const a = upper[x]!;
      out[row + x] = out[row + x]! + w * (a + fy * (lower[x]! - a));
    }
  }
}
