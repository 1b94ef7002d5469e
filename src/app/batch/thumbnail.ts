/**
 * Small thumbnails made in the browser: the photo is decoded straight to ≤ THUMB_MAX px
 * (createImageBitmap with a resize, decoded off the main thread by Chromium), drawn once on an
 * OffscreenCanvas and encoded as WebP (alpha kept for results). Only the ~10–30 KB WebP is kept; the
 * decoded bitmap is closed at once, so 300 photos never hold 300 decoded images. At most
 * THUMB_CONCURRENCY decode at a time, which bounds the transient memory of 12 MP photos too.
 */
import pLimit from 'p-limit';

export const THUMB_MAX = 320;
export const THUMB_CONCURRENCY = 2;
const THUMB_QUALITY = 0.82;

export interface Thumbnail {
  blob: Blob;
  /** The thumbnail's own size. */
  width: number;
  height: number;
}

/**
 * The width to ask the decoder for, so the longest side lands on `max` (never enlarging). The height
 * follows the oriented image's aspect ratio, so EXIF-rotated photos come out upright and unsquashed.
 */
export function thumbWidth(width: number, height: number, max = THUMB_MAX): number {
  if (!width || !height) return max;
  return Math.max(1, Math.round(width * Math.min(1, max / Math.max(width, height))));
}

async function encode(bitmap: ImageBitmap): Promise<Blob> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  return canvas.convertToBlob({ type: 'image/webp', quality: THUMB_QUALITY });
}

/**
 * A ≤ THUMB_MAX px WebP of `blob`, or null when this browser cannot decode it (HEIC, TIFF, a damaged
 * file). `size` is the image's pixel size from its header (0 × 0 when unknown).
 */
export async function makeThumbnail(
  blob: Blob,
  size: { width: number; height: number },
): Promise<Thumbnail | null> {
  let bitmap: ImageBitmap | null = null;
  try {
    bitmap = await createImageBitmap(blob, {
      imageOrientation: 'from-image',
      resizeWidth: thumbWidth(size.width, size.height),
      resizeQuality: 'medium',
    });
    if (Math.max(bitmap.width, bitmap.height) > THUMB_MAX * 1.5) {
      // The header's size was wrong way round (EXIF rotation): scale the small bitmap down once more.
      const again = await createImageBitmap(bitmap, {
        resizeWidth: thumbWidth(bitmap.width, bitmap.height),
        resizeQuality: 'medium',
      });
      bitmap.close();
      bitmap = again;
    }
    return { blob: await encode(bitmap), width: bitmap.width, height: bitmap.height };
  } catch {
    return null;
  } finally {
    bitmap?.close();
  }
}

export const queueThumbnail = pLimit(THUMB_CONCURRENCY);
