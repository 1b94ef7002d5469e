import sharp from 'sharp';
import { mergeBoxMask, type Rect } from '../render/mask-ops.ts';
import { SegmentationError } from './errors.ts';
import { segment, type MaskResult, type RawImage, type SegmentOptions } from './index.ts';

/**
 * Context around the box that the crop's model pass also sees, as a fraction of the box's size per side.
 * The crop is what makes the subject larger in the model's input; a little context keeps the subject's
 * edges from touching the crop border (chosen on the quality benchmark's cluttered scenes).
 */
export const BOX_CONTEXT = 0.1;

/** `box` grown by `fraction` of its size on each side, clamped to the photo. */
export function growRect(box: Rect, fraction: number, width: number, height: number): Rect {
  const dx = Math.round(box.width * fraction);
  const dy = Math.round(box.height * fraction);
  const left = Math.max(0, box.left - dx);
  const top = Math.max(0, box.top - dy);
  return {
    left,
    top,
    width: Math.min(width, box.left + box.width + dx) - left,
    height: Math.min(height, box.top + box.height + dy) - top,
  };
}

/**
 * Segments a photo with a box around its subject: the model runs on the whole photo and again on the
 * crop around the box (at the model's full input size, so the subject is larger and the clutter outside
 * is gone); inside the box the two are merged (mergeBoxMask), outside it everything is background.
 * Both passes use the mask cache when `cacheKey` is given, so a box after a run costs one model pass.
 */
export async function segmentInBox(
  image: RawImage,
  box: Rect,
  opts: SegmentOptions = {},
): Promise<MaskResult> {
  const { width, height, channels } = image;
  if (
    box.left < 0 ||
    box.top < 0 ||
    box.width < 1 ||
    box.height < 1 ||
    box.left + box.width > width ||
    box.top + box.height > height
  ) {
    throw new SegmentationError(
      'bad-image',
      `the box ${box.left},${box.top},${box.width},${box.height} is not inside the ${width}×${height} image`,
    );
  }
  const full = await segment(image, opts);
  const crop = growRect(box, BOX_CONTEXT, width, height);
  const pixels = await sharp(image.data, { raw: { width, height, channels } }).extract(crop).raw().toBuffer();
  const cropKey =
    opts.cacheKey && `${opts.cacheKey}|crop:${crop.left},${crop.top},${crop.width},${crop.height}`;
  const inCrop = await segment(
    { data: pixels, width: crop.width, height: crop.height, channels },
    { ...opts, ...(cropKey ? { cacheKey: cropKey } : {}) },
  );
  return { ...full, alpha: mergeBoxMask(full.alpha, inCrop.alpha, crop, box, width, height) };
}
