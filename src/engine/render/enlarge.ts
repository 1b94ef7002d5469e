/**
 * Enlarging a cut-out beyond its own pixels (issue 14 point 4): a resize 400 → 1000 px, or generate's
 * item_area_percentage blowing a small object up to fill the canvas.
 *
 * One resampler for the whole RGBA layer (sharp's lanczos3) is right for the colour but wrong for the
 * alpha matte: its lobes ring (a light ring inside the edge, a faint halo outside), and it turns the
 * matte's pixel steps into a soft edge k output pixels wide that still wobbles with the source grid. So
 * the two are enlarged apart:
 *
 * - colour: lanczos3 on premultiplied RGBA (libvips premultiplies an image with alpha before resampling,
 *   Porter & Duff 1984), so the background's colour does not bleed into the edge;
 * - alpha matte: a smooth interpolant (Mitchell–Netravali B = C = 1/3, 1988), then re-contrasted about
 *   the edge's midpoint by the enlargement factor — the magnification of a distance field (Green,
 *   "Improved Alpha-Tested Magnification for Vector Textures and Special Effects", SIGGRAPH 2007): an
 *   anti-aliased edge's coverage is a distance to the edge clamped to about one pixel, so interpolating
 *   it smoothly and steepening it k times gives the edge at its sub-pixel position, as crisp in output
 *   pixels as it was in the photo's, with a smooth contour instead of stair steps. The result stays
 *   between the matte's local minimum and maximum (3 × 3 source pixels), which removes any overshoot.
 *   Only hard edges are steepened: where the matte changes by less than half its range within those
 *   3 × 3 pixels (a feather, motion blur, glass) it is interpolated and left as soft as it was.
 */
import sharp from 'sharp';
import { makeUpsampler } from '../../recipe/raster/box-filter.ts';
import { rankFilter } from '../../recipe/raster/guided-filter.ts';
import type { Rect } from './mask-ops.ts';

/** Local alpha range (0..1, over 7 × 7 source pixels) from which an edge counts as hard, and fully so. */
const SOFT_RANGE = 0.5;
const HARD_RANGE = 0.9;
/**
 * Gaussian smoothing of the matte before steepening, in source pixels: enough to round a binary mask's
 * pixel stairs into a smooth contour (at 0.5 px the stairs survive a ×5 enlargement), little enough to
 * keep corners.
 */
const SMOOTHING = 0.7;

/** Output pixels per source pixel along the more enlarged side (> 1 when the layout enlarges). */
export function enlargementOf(
  source: { width: number; height: number },
  scaled: { width: number; height: number },
) {
  return Math.max(scaled.width / source.width, scaled.height / source.height);
}

const smoothstep = (from: number, to: number, v: number) => {
  const t = Math.min(Math.max((v - from) / (to - from), 0), 1);
  return t * t * (3 - 2 * t);
};

/**
 * Enlarges an alpha matte (`matte`, one byte a pixel, `width` × `height`) to `outWidth` × `outHeight`
 * (each at least the input's side on the enlarged axis), keeping hard edges crisp and smooth and soft
 * ones soft, without ringing. Returns one byte a pixel. Throws nothing beyond sharp's errors.
 */
export async function enlargeMatte(
  matte: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Promise<Uint8Array> {
  const factor = enlargementOf({ width, height }, { width: outWidth, height: outHeight });
  const smooth = await sharp(matte, { raw: { width, height, channels: 1 } })
    .resize(outWidth, outHeight, { fit: 'fill', kernel: 'mitchell' })
    .blur(Math.max(0.3, SMOOTHING * factor))
    // sharp turns a one-channel raw image into sRGB on the way; take the one channel back.
    .extractChannel(0)
    .raw()
    .toBuffer();
  // A one-pixel ramp (a box of 1 px, σ² = 1/12) smoothed by SMOOTHING has its midpoint slope
  // 1 / (σ√2π) per source pixel; steepen it to one output pixel.
  const slope = factor * Math.sqrt(2 * Math.PI) * Math.sqrt(SMOOTHING ** 2 + 1 / 12);
  // Bounds (3 × 3 source pixels) that alpha must stay within, and the range (7 × 7) that says how hard
  // the edge is: wider, so the gate is constant across the whole edge and cannot make a ring itself.
  const lows = rankFilter(matte, width, height, 1, false);
  const highs = rankFilter(matte, width, height, 1, true);
  const wideLows = rankFilter(matte, width, height, 3, false);
  const wideHighs = rankFilter(matte, width, height, 3, true);
  const up = makeUpsampler(width, height, outWidth, outHeight);
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const { r0, r1, fy } = up.rowOf(y);
    for (let x = 0; x < outWidth; x++) {
      const fx = up.fx[x]!;
      const i00 = r0 + up.x0[x]!;
      const i01 = r0 + up.x1[x]!;
      const i10 = r1 + up.x0[x]!;
      const i11 = r1 + up.x1[x]!;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const lo = lows[i00]! * w00 + lows[i01]! * w01 + lows[i10]! * w10 + lows[i11]! * w11;
      const hi = highs[i00]! * w00 + highs[i01]! * w01 + highs[i10]! * w10 + highs[i11]! * w11;
      const range =
        (wideHighs[i00]! - wideLows[i00]!) * w00 +
        (wideHighs[i01]! - wideLows[i01]!) * w01 +
        (wideHighs[i10]! - wideLows[i10]!) * w10 +
        (wideHighs[i11]! - wideLows[i11]!) * w11;
      const i = y * outWidth + x;
      const a = smooth[i]! / 255;
      // Steepened about 50 % where the edge is hard (the matte spans most of 0..1 nearby); as is elsewhere.
      const hard = smoothstep(SOFT_RANGE, HARD_RANGE, range);
      const steep = Math.min(Math.max(0.5 + (a - 0.5) * slope, 0), 1);
      const v = a + hard * (steep - a);
      out[i] = Math.round((v < lo ? lo : v > hi ? hi : v) * 255);
    }
  }
  return out;
}

/** Source pixels of context kept around a cropped region: the resamplers reach 2 px, the gate 3. */
const CONTEXT = 3;

/**
 * The `source` region of an RGBA layer (`rgba`, unpremultiplied, `width` × `height`) enlarged to
 * `scaled`: colour by lanczos3 on premultiplied RGBA, the alpha matte by {@link enlargeMatte}. Returns
 * RGBA bytes at `scaled.width` × `scaled.height`.
 *
 * A region cropped to the subject's bounds cuts through its faint outer edge; resampled alone, the
 * border's pixels would be repeated outwards and flatten the enlarged edge where it touches the crop.
 * So up to CONTEXT pixels around it are resampled with it and cut away after (the cut lands within
 * half an output pixel of the exact scale's position).
 */
export async function enlargeCutout(
  rgba: Buffer,
  width: number,
  height: number,
  source: Rect,
  scaled: { width: number; height: number },
): Promise<Buffer> {
  const kx = scaled.width / source.width;
  const ky = scaled.height / source.height;
  const left = Math.max(0, source.left - CONTEXT);
  const top = Math.max(0, source.top - CONTEXT);
  const right = Math.min(width, source.left + source.width + CONTEXT);
  const bottom = Math.min(height, source.top + source.height + CONTEXT);
  const region = { left, top, width: right - left, height: bottom - top };
  const out = { width: Math.round(region.width * kx), height: Math.round(region.height * ky) };
  const cut = {
    left: Math.min(Math.round((source.left - left) * kx), out.width - scaled.width),
    top: Math.min(Math.round((source.top - top) * ky), out.height - scaled.height),
    ...scaled,
  };
  const colour = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .extract(region)
    .resize(out.width, out.height, { fit: 'fill' })
    .extract(cut)
    .raw()
    .toBuffer();
  const matte = new Uint8Array(region.width * region.height);
  for (let y = 0; y < region.height; y++) {
    const row = ((region.top + y) * width + region.left) * 4 + 3;
    for (let x = 0; x < region.width; x++) matte[y * region.width + x] = rgba[row + x * 4]!;
  }
  const alpha = await enlargeMatte(matte, region.width, region.height, out.width, out.height);
  for (let y = 0; y < scaled.height; y++) {
    const from = (cut.top + y) * out.width + cut.left;
    for (let x = 0; x < scaled.width; x++) colour[(y * scaled.width + x) * 4 + 3] = alpha[from + x]!;
  }
  return colour;
}
