import { setImmediate as nextTurn } from 'node:timers/promises';
import sharp from 'sharp';

/**
 * Lens blur in linear light with boosted highlights. A lens adds light, and a specular point or a lamp is
 * far brighter than sRGB's 255 can say, so blurring the bytes spreads it into a faint smudge. Here bright
 * pixels get their lost energy back (a smooth gain above HIGHLIGHT_START of linear luma), the sum is
 * downscaled by area averaging (a 3 px glint keeps its energy), convolved with the aperture disc, and the
 * gain is inverted afterwards: a flat area maps back to exactly itself, a lone highlight becomes a bright,
 * clearly edged disc (bokeh ball).
 */
const HIGHLIGHT_START = 0.7; // linear luma, ≈ sRGB 218: lamps and glints, not a light grey wall
/** Linear gain at full white: how much brighter than "255" a clipped highlight is taken to be. */
const HIGHLIGHT_GAIN = 24;
/** Boosted linear light is carried in 16 bits through libvips (its float raw input is read as rgb16). */
const TO_U16 = 65535 / HIGHLIGHT_GAIN;

const TO_LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
const SRGB_STEPS = 16384;
const TO_SRGB = Uint8Array.from({ length: SRGB_STEPS + 1 }, (_, i) => {
  const c = i / SRGB_STEPS;
  return Math.round(255 * (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055));
});
/** Weight of a pixel as background from its alpha: 1 − 3·alpha, as in the byte path (see blur.ts). */
const BACKGROUND_WEIGHT = Float64Array.from({ length: 256 }, (_, a) => Math.max(0, 1 - (3 * a) / 255));

/** Multiplier for a pixel of linear luma y: 1 below HIGHLIGHT_START, rising smoothly to HIGHLIGHT_GAIN. */
export function highlightGain(y: number): number {
  if (y <= HIGHLIGHT_START) return 1;
  const t = Math.min(1, (y - HIGHLIGHT_START) / (1 - HIGHLIGHT_START));
  return 1 + (HIGHLIGHT_GAIN - 1) * t * t * (3 - 2 * t);
}

/** boosted(y) = y·gain(y) sampled on [0, 1]; increasing, so it can be inverted by search. */
const BOOST_STEPS = 2048;
const BOOSTED = Float64Array.from({ length: BOOST_STEPS + 1 }, (_, i) => {
  const y = i / BOOST_STEPS;
  return y * highlightGain(y);
});

/** Linear luma whose boosted value is `b` (the inverse of y·gain(y)); 1 for anything brighter than white. */
export function unboost(b: number): number {
  if (b <= HIGHLIGHT_START) return b;
  if (b >= BOOSTED[BOOST_STEPS]!) return 1;
  let lo = Math.floor(HIGHLIGHT_START * BOOST_STEPS);
  let hi = BOOST_STEPS;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (BOOSTED[mid]! <= b) lo = mid;
    else hi = mid;
  }
  const from = BOOSTED[lo]!;
  return (lo + (b - from) / (BOOSTED[hi]! - from)) / BOOST_STEPS;
}

const luma = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * The full-size pass runs on the BFF's main thread (~0.2 s of JS for 12 MP), so it hands the event loop
 * back between bands of rows this long: /api/health must answer within 50 ms while a job renders.
 */
const SLICE_MS = 8;

/**
 * One pass over the full-size image: linearise, boost highlights, weight by background-ness and sum into
 * lowW × lowH bins (area averaging). Returns 16-bit RGBA: boosted colour (not premultiplied) and the mean
 * background weight as alpha, ready for libvips' premultiplied (= normalised) convolution.
 */
async function boostedAreaDownscale(
  rgb: Uint8Array,
  alpha: Uint8Array,
  width: number,
  height: number,
  lowW: number,
  lowH: number,
): Promise<Uint16Array> {
  const sums = new Float64Array(lowW * lowH * 4);
  const counts = new Uint32Array(lowW * lowH);
  const binX = Int32Array.from({ length: width }, (_, x) =>
    Math.min(lowW - 1, Math.floor((x * lowW) / width)),
  );
  let sliceStart = performance.now();
  for (let y = 0, p = 0; y < height; y++) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
    const rowBin = Math.min(lowH - 1, Math.floor((y * lowH) / height)) * lowW;
    for (let x = 0; x < width; x++, p++) {
      const bin = rowBin + binX[x]!;
      counts[bin]!++;
      const w = BACKGROUND_WEIGHT[alpha[p]!]!;
      if (w === 0) continue;
      const r = TO_LINEAR[rgb[p * 3]!]!;
      const g = TO_LINEAR[rgb[p * 3 + 1]!]!;
      const b = TO_LINEAR[rgb[p * 3 + 2]!]!;
      const gw = highlightGain(luma(r, g, b)) * w;
      const o = bin * 4;
      sums[o] = sums[o]! + r * gw;
      sums[o + 1] = sums[o + 1]! + g * gw;
      sums[o + 2] = sums[o + 2]! + b * gw;
      sums[o + 3] = sums[o + 3]! + w;
    }
  }
  const out = new Uint16Array(lowW * lowH * 4);
  for (let bin = 0, o = 0; bin < lowW * lowH; bin++, o += 4) {
    const weight = sums[o + 3]!;
    if (weight === 0) continue;
    const toU16 = TO_U16 / weight;
    out[o] = Math.min(65535, Math.round(sums[o]! * toU16));
    out[o + 1] = Math.min(65535, Math.round(sums[o + 1]! * toU16));
    out[o + 2] = Math.min(65535, Math.round(sums[o + 2]! * toU16));
    out[o + 3] = Math.round((weight / counts[bin]!) * 65535);
  }
  return out;
}

/**
 * The lens-blurred background at lowW × lowH as 8-bit sRGB RGBA, alpha = how much background the disc
 * saw (the same contract as the byte path, so the caller's fill and upscale stay shared).
 */
export async function lensBlurLow(
  rgb: Uint8Array,
  alpha: Uint8Array,
  width: number,
  height: number,
  lowW: number,
  lowH: number,
  kernel: { width: number; height: number; kernel: number[]; scale: number },
): Promise<Buffer> {
  const boosted = await boostedAreaDownscale(rgb, alpha, width, height, lowW, lowH);
  const blurredBytes = await sharp(boosted, { raw: { width: lowW, height: lowH, channels: 4 } })
    .convolve(kernel)
    .toColourspace('rgb16')
    .raw({ depth: 'ushort' })
    .toBuffer();
  const blurred = new Uint16Array(blurredBytes.buffer, blurredBytes.byteOffset, lowW * lowH * 4);
  const out = Buffer.alloc(lowW * lowH * 4);
  for (let i = 0; i < out.length; i += 4) {
    const r = blurred[i]! / TO_U16;
    const g = blurred[i + 1]! / TO_U16;
    const b = blurred[i + 2]! / TO_U16;
    const y = luma(r, g, b);
    // Undo the boost by luma, keeping the hue: a flat area returns to itself, a sum of highlights to white.
    const scale = y > 0 ? (unboost(y) / y) * SRGB_STEPS : 0;
    out[i] = TO_SRGB[Math.min(SRGB_STEPS, Math.round(r * scale))]!;
    out[i + 1] = TO_SRGB[Math.min(SRGB_STEPS, Math.round(g * scale))]!;
    out[i + 2] = TO_SRGB[Math.min(SRGB_STEPS, Math.round(b * scale))]!;
    out[i + 3] = Math.round(blurred[i + 3]! / 257);
  }
  return out;
}
