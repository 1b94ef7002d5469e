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
 * The two predictions a box combines: the whole photo's, and the crop's around the box (the box grown by
 * BOX_CONTEXT; the model sees it at its full input size, so the subject is larger and the clutter outside
 * is gone). Both go through the mask cache when `cacheKey` is given, so a box after a run costs one pass.
 */
export async function boxPredictions(image: RawImage, box: Rect, opts: SegmentOptions = {}) {
  const { width, height, channels } = image;
  const outside =
    box.left < 0 || box.top < 0 || box.left + box.width > width || box.top + box.height > height;
  if (outside || box.width < 1 || box.height < 1) {
    throw new SegmentationError(
      'bad-image',
      `the box ${box.left},${box.top},${box.width},${box.height} is not inside the ${width}×${height} image`,
    );
  }
  const full = await segment(image, opts);
  const cropRect = growRect(box, BOX_CONTEXT, width, height);
  const pixels = await sharp(image.data, { raw: { width, height, channels } })
    .extract(cropRect)
    .raw()
    .toBuffer();
  const cropKey =
    opts.cacheKey &&
    `${opts.cacheKey}|crop:${cropRect.left},${cropRect.top},${cropRect.width},${cropRect.height}`;
  const crop = await segment(
    { data: pixels, width: cropRect.width, height: cropRect.height, channels },
    { ...opts, ...(cropKey ? { cacheKey: cropKey } : {}) },
  );
  return { full, crop: crop.alpha, cropRect };
}

/**
 * Segments a photo with a box around its subject: inside the box the full-photo and the crop predictions
 * merged by consensus (see mergeBoxMask), outside it background. Same result shape as segment().
 */
export async function segmentInBox(
  image: RawImage,
  box: Rect,
  opts: SegmentOptions = {},
): Promise<MaskResult> {
  const { full, crop, cropRect } = await boxPredictions(image, box, opts);
  return { ...full, alpha: mergeBoxMask(full.alpha, crop, cropRect, box, image.width, image.height) };
}
