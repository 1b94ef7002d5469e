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
 * - alpha matte: smoothed (a Gaussian of 0.7 source px), interpolated, and steepened about the edge's
 *   midpoint by the enlargement factor — the magnification of a distance field (Green, "Improved
 *   Alpha-Tested Magnification for Vector Textures and Special Effects", SIGGRAPH 2007): an anti-aliased
 *   edge's coverage is a distance to the edge clamped to about one pixel, so interpolating it smoothly
 *   and steepening it gives the edge at its sub-pixel position, as crisp in output pixels as it was in
 *   the photo's, with a smooth contour instead of stair steps (the smoothing also rounds a binary mask's
 *   pixel stairs). The result stays between the matte's local minimum and maximum (3 × 3 source
 *   pixels), so nothing overshoots. Only hard edges are steepened: where the matte spans less than half
 *   its range within 7 × 7 pixels (a feather, motion blur, glass) it is interpolated and left as soft as
 *   it was.
 */
import sharp from 'sharp';
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

/** The 7 × 7 Gaussian of σ = SMOOTHING, normalised (SMOOTHING ≤ 1 keeps its tails below 1 %). */
const GAUSS = (() => {
  const taps = Array.from({ length: 7 }, (_, i) => Math.exp(-((i - 3) ** 2) / (2 * SMOOTHING ** 2)));
  const sum = taps.reduce((a, b) => a + b, 0);
  return Float64Array.from(taps, (t) => t / sum);
})();

/**
 * Per pixel, 0..1: the matte's minimum and maximum over 3 × 3 pixels (the bounds the enlarged alpha
 * keeps to); its range over 7 × 7 (how hard the edge is: wider, so that this gate is constant across
 * the whole edge and cannot make a ring itself); and the matte smoothed by the 7 × 7 Gaussian. The last
 * two only matter, and are only computed, along the edges (within a pixel of a 3 × 3 that is not flat);
 * elsewhere the matte is flat and its smoothing is itself.
 */
function localBounds(matte: Uint8Array, width: number, height: number) {
  const n = width * height;
  const rowLo = new Uint8Array(n);
  const rowHi = new Uint8Array(n);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const l = matte[x > 0 ? i - 1 : i]!;
      const c = matte[i]!;
      const r = matte[x < width - 1 ? i + 1 : i]!;
      rowLo[i] = Math.min(l, c, r);
      rowHi[i] = Math.max(l, c, r);
    }
  const lo = new Float32Array(n);
  const hi = new Float32Array(n);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const up = y > 0 ? i - width : i;
      const down = y < height - 1 ? i + width : i;
      lo[i] = Math.min(rowLo[up]!, rowLo[i]!, rowLo[down]!) / 255;
      hi[i] = Math.max(rowHi[up]!, rowHi[i]!, rowHi[down]!) / 255;
    }
  // The 7 × 7 range, wherever an output pixel that reads this one can be on an edge: within one pixel
  // of a pixel whose 3 × 3 is not flat.
  const range = new Float32Array(n);
  const smooth = new Float32Array(n);
  const edge = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    smooth[i] = matte[i]! / 255;
    edge[i] = hi[i]! > lo[i]! ? 1 : 0;
  }
  // Within one pixel of an edge pixel: the edge mask dilated by 3 × 3 (rows, then columns).
  const rowEdge = new Uint8Array(n);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      rowEdge[i] = edge[i]! | edge[x > 0 ? i - 1 : i]! | edge[x < width - 1 ? i + 1 : i]!;
    }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const near = rowEdge[i]! | rowEdge[y > 0 ? i - width : i]! | rowEdge[y < height - 1 ? i + width : i]!;
      if (!near) continue;
      let min = 255;
      let max = 0;
      let sum = 0;
      for (let dy = -3; dy <= 3; dy++) {
        const row = Math.min(Math.max(y + dy, 0), height - 1) * width;
        let rowSum = 0;
        for (let dx = -3; dx <= 3; dx++) {
          const v = matte[row + Math.min(Math.max(x + dx, 0), width - 1)]!;
          if (v < min) min = v;
          if (v > max) max = v;
          rowSum += GAUSS[dx + 3]! * v;
        }
        sum += GAUSS[dy + 3]! * rowSum;
      }
      range[y * width + x] = (max - min) / 255;
      smooth[y * width + x] = sum / 255;
    }
  return { lo, hi, range, smooth, edge };
}

/**
 * For each output pixel along one axis: the two source pixels around its centre and the weight of the
 * second (pixel centres at +0.5, the convention of libvips' and our other resamplers).
 */
function axisSampler(size: number, start: number, span: number, outSize: number) {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float32Array(outSize);
  for (let x = 0; x < outSize; x++) {
    const u = Math.min(Math.max(start + ((x + 0.5) * span) / outSize - 0.5, 0), size - 1);
    i0[x] = Math.floor(u);
    i1[x] = Math.min(i0[x]! + 1, size - 1);
    f[x] = u - i0[x]!;
  }
  return { i0, i1, f };
}

/**
 * Enlarges the `window` of an alpha matte (`matte`, one byte a pixel, `width` × `height`; the pixels
 * around the window are used as context) to `out` (each side at least the window's on the enlarged
 * axis), keeping hard edges crisp and smooth and soft ones soft, without ringing. Returns one byte a
 * pixel, `out.width` × `out.height`. Throws nothing.
 */
export function enlargeMatte(
  matte: Uint8Array,
  width: number,
  height: number,
  window: Rect,
  out: { width: number; height: number },
): Uint8Array {
  const factor = enlargementOf(window, out);
  // A one-pixel ramp (a box of 1 px, σ² = 1/12) smoothed by SMOOTHING has its midpoint slope
  // 1 / (σ√2π) per source pixel; steepen it to one output pixel.
  const slope = factor * Math.sqrt(2 * Math.PI) * Math.sqrt(SMOOTHING ** 2 + 1 / 12);
  const { lo: lows, hi: highs, range: ranges, smooth, edge } = localBounds(matte, width, height);
  const sx = axisSampler(width, window.left, window.width, out.width);
  const sy = axisSampler(height, window.top, window.height, out.height);
  const alpha = new Uint8Array(out.width * out.height);
  for (let y = 0; y < out.height; y++) {
    const r0 = sy.i0[y]! * width;
    const r1 = sy.i1[y]! * width;
    const fy = sy.f[y]!;
    for (let x = 0; x < out.width; x++) {
      const i00 = r0 + sx.i0[x]!;
      const i01 = r0 + sx.i1[x]!;
      const i10 = r1 + sx.i0[x]!;
      const i11 = r1 + sx.i1[x]!;
      const i = y * out.width + x;
      if ((edge[i00]! | edge[i01]! | edge[i10]! | edge[i11]!) === 0) {
        // Inside or outside the subject, or a flat semi-transparent area: the matte's own level (the
        // four pixels are neighbours with flat surroundings, so they are equal).
        alpha[i] = matte[i00]!;
        continue;
      }
      const fx = sx.f[x]!;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const lo = lows[i00]! * w00 + lows[i01]! * w01 + lows[i10]! * w10 + lows[i11]! * w11;
      const hi = highs[i00]! * w00 + highs[i01]! * w01 + highs[i10]! * w10 + highs[i11]! * w11;
      const range = ranges[i00]! * w00 + ranges[i01]! * w01 + ranges[i10]! * w10 + ranges[i11]! * w11;
      // Smoothed at the source's size, then interpolated bilinearly: the smoothing makes the field smooth
      // enough that the steepened 50 % contour has no visible kinks at the source pixels' borders.
      const a = smooth[i00]! * w00 + smooth[i01]! * w01 + smooth[i10]! * w10 + smooth[i11]! * w11;
      // Steepened about 50 % where the edge is hard (the matte spans most of 0..1 nearby); as is elsewhere.
      const hard = smoothstep(SOFT_RANGE, HARD_RANGE, range);
      const steep = Math.min(Math.max(0.5 + (a - 0.5) * slope, 0), 1);
      const v = a + hard * (steep - a);
      alpha[i] = ((v < lo ? lo : v > hi ? hi : v) * 255 + 0.5) | 0;
    }
  }
  return alpha;
}

/** Source pixels of context kept around a cropped region: the smoothing reaches 3 px, so does the gate. */
const CONTEXT = 3;

/**
 * The `source` region of an RGBA layer (`rgba`, unpremultiplied, `width` × `height`) enlarged to
 * `scaled`: colour by lanczos3 on premultiplied RGBA, the alpha matte by {@link enlargeMatte}. Returns
 * RGBA bytes at `scaled.width` × `scaled.height`.
 *
 * A region cropped to the subject's bounds cuts through its faint outer edge; enlarged alone, the
 * border's pixels would be repeated outwards and flatten the enlarged edge where it touches the crop.
 * So the matte is enlarged with up to CONTEXT pixels around the region as context.
 */
export async function enlargeCutout(
  rgba: Buffer,
  width: number,
  height: number,
  source: Rect,
  scaled: { width: number; height: number },
): Promise<Buffer> {
  const colour = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .extract(source)
    .resize(scaled.width, scaled.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  const alpha = enlargeMatteRegion(rgba, 4, width, height, source, scaled);
  for (let i = 0; i < alpha.length; i++) colour[i * 4 + 3] = alpha[i]!;
  return colour;
}

/**
 * The `source` region of an alpha matte enlarged to `scaled` by {@link enlargeMatte}, with up to CONTEXT
 * pixels around the region as context (see enlargeCutout). `pixels` holds `channels` bytes a pixel at
 * `width` × `height`, the matte in the last channel: 1 for a matte alone, 4 for RGBA. Returns one byte a
 * pixel, `scaled.width` × `scaled.height`. The render (enlargeCutout) and the compliance check's framed
 * mask (frame-mask.ts) both enlarge through here, so the check measures the edge the result shows.
 */
export function enlargeMatteRegion(
  pixels: Uint8Array,
  channels: 1 | 4,
  width: number,
  height: number,
  source: Rect,
  scaled: { width: number; height: number },
): Uint8Array {
  const left = Math.max(0, source.left - CONTEXT);
  const top = Math.max(0, source.top - CONTEXT);
  const right = Math.min(width, source.left + source.width + CONTEXT);
  const bottom = Math.min(height, source.top + source.height + CONTEXT);
  const region = { width: right - left, height: bottom - top };
  const matte = new Uint8Array(region.width * region.height);
  for (let y = 0; y < region.height; y++) {
    const row = ((top + y) * width + left) * channels + channels - 1;
    for (let x = 0; x < region.width; x++) matte[y * region.width + x] = pixels[row + x * channels]!;
  }
  const window = { ...source, left: source.left - left, top: source.top - top };
  return enlargeMatte(matte, region.width, region.height, window, scaled);
}
