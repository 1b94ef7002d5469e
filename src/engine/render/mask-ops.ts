import sharp from 'sharp';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Alpha at or above this counts as part of the object when clipping to its bounds. A little above zero so
 * that faint refinement haze far from the object does not widen the box.
 */
export const SUBJECT_THRESHOLD = 16;

/** Bounding box of alpha ≥ threshold (any numeric scale: bytes, floats), or null when the mask is empty. */
export function subjectBounds(
  alpha: ArrayLike<number>,
  width: number,
  height: number,
  threshold = SUBJECT_THRESHOLD,
): Rect | null {
  let top = -1;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (alpha[row + x]! >= threshold) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    if (top < 0) top = y;
    bottom = y;
    if (first < left) left = first;
    for (let x = width - 1; x > right; x--) {
      if (alpha[row + x]! >= threshold) {
        right = x;
        break;
      }
    }
  }
  if (top < 0) return null;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** The subject's alpha limited by the input's own transparency (areas already transparent stay so). */
export function combineAlpha(mask: Buffer, inputAlpha: Buffer | null): Buffer {
  if (!inputAlpha) return mask;
  const out = Buffer.allocUnsafe(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = (mask[i]! * inputAlpha[i]! + 127) / 255;
  return out;
}

/** Interleaves RGB and a separate alpha into RGBA (in libvips, off the event loop). */
export async function joinAlpha(rgb: Buffer, alpha: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .raw()
    .toBuffer();
}

/** Mean colour of the pixels where `weight` (0..255 per pixel) is high; null when nothing qualifies. */
export function weightedMean(rgba: Uint8Array, pixels: number): [number, number, number] | null {
  let r = 0;
  let g = 0;
  let b = 0;
  let total = 0;
  for (let p = 0, i = 0; p < pixels; p++, i += 4) {
    const w = rgba[i + 3]!;
    if (w === 0) continue;
    r += rgba[i]! * w;
    g += rgba[i + 1]! * w;
    b += rgba[i + 2]! * w;
    total += w;
  }
  return total > 0 ? [r / total, g / total, b / total] : null;
}

/**
 * How the full-photo and the crop predictions combine inside the box. `consensus` (the default): where
 * the two alphas sum to ≥ 256 (on average at least half) the larger, else the smaller — both views must
 * agree before a pixel counts, so a neighbour that one of them took for the subject drops out, and the
 * pick keeps the edges crisp (an average would leave half-transparent ghosts where they disagree).
 * `max` keeps what either saw, `crop` and `full` take one view alone. Chosen on the quality benchmark's
 * cluttered scenes (bench/quality.bench.ts, box section), where all four are reported.
 */
export type BoxMergeRule = 'consensus' | 'max' | 'crop' | 'full';

/**
 * Box segmentation's merge (issue 12): inside `box` the two predictions combined by `rule`, outside it
 * background. `fullAlpha` is width·height bytes; `cropAlpha` is the prediction of the crop `cropRect`
 * (cropRect ⊇ box, inside the photo), cropRect.width·cropRect.height bytes. Returns width·height bytes;
 * throws RangeError when the rectangles do not nest or a mask's length does not match its size.
 */
export function mergeBoxMask(
  fullAlpha: Uint8Array,
  cropAlpha: Uint8Array,
  cropRect: Rect,
  box: Rect,
  width: number,
  height: number,
  rule: BoxMergeRule = 'consensus',
): Buffer {
  const inside = (outer: Rect, inner: Rect) =>
    inner.left >= outer.left &&
    inner.top >= outer.top &&
    inner.left + inner.width <= outer.left + outer.width &&
    inner.top + inner.height <= outer.top + outer.height;
  const photo = { left: 0, top: 0, width, height };
  if (!inside(photo, cropRect) || !inside(cropRect, box) || box.width < 1 || box.height < 1)
    throw new RangeError('mergeBoxMask: the box must lie inside the crop, and the crop inside the photo.');
  if (fullAlpha.length !== width * height || cropAlpha.length !== cropRect.width * cropRect.height)
    throw new RangeError('mergeBoxMask: a mask does not match its size.');
  const out = Buffer.alloc(width * height);
  for (let y = box.top; y < box.top + box.height; y++) {
    const row = y * width;
    const cropRow = (y - cropRect.top) * cropRect.width - cropRect.left;
    for (let x = box.left; x < box.left + box.width; x++) {
      const a = fullAlpha[row + x]!;
      const b = cropAlpha[cropRow + x]!;
      const hi = a > b ? a : b;
      const lo = a > b ? b : a;
      out[row + x] =
        rule === 'consensus' ? (a + b >= 256 ? hi : lo) : rule === 'max' ? hi : rule === 'crop' ? b : a;
    }
  }
  return out;
}
