/**
 * Small thumbnails made in the browser. The photo is decoded once at full size (createImageBitmap,
 * decoded off the main thread by Chromium), then halved step by step on OffscreenCanvases with plain
 * bilinear smoothing (each halving averages 2 × 2 pixels, a box filter) down to ≤ THUMB_MAX px, and
 * encoded as WebP (alpha kept for results). Only the ~10–30 KB WebP is kept; the bitmap is closed at once.
 *
 * Why not createImageBitmap's own `resizeWidth`, or `imageSmoothingQuality: 'medium' | 'high'`: in
 * Chromium both go through Skia's mipmapped image cache, which keeps the full-size decodes in discardable
 * memory (measured: +258 MB of the tab's RSS after 90 photos of 2–12 MP, none with the halving here).
 * At most THUMB_CONCURRENCY decode at a time, which bounds the transient memory of 12 MP photos too.
 */
import pLimit from 'p-limit';

export const THUMB_MAX = 320;
const THUMB_CONCURRENCY = 2;
const THUMB_QUALITY = 0.82;

export interface Thumbnail {
  blob: Blob;
  /** The thumbnail's own size. */
  width: number;
  height: number;
  /** The image's size with EXIF orientation applied. */
  fullWidth: number;
  fullHeight: number;
}

/** The thumbnail size for a `width` × `height` image: longest side `max`, never enlarged. */
export function fitWithin(width: number, height: number, max = THUMB_MAX): { width: number; height: number } {
  const k = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** The sizes to halve through before the last draw: each step stays ≥ 2× the target, so none blurs. */
export function halvingSteps(width: number, height: number, target: { width: number; height: number }) {
  const steps: { width: number; height: number }[] = [];
  let w = width;
  let h = height;
  while (w / 2 >= target.width * 2 && h / 2 >= target.height * 2) {
    w = Math.round(w / 2);
    h = Math.round(h / 2);
    steps.push({ width: w, height: h });
  }
  return steps;
}

function draw(source: CanvasImageSource, width: number, height: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.drawImage(source, 0, 0, width, height);
  return canvas;
}

/** A ≤ THUMB_MAX px WebP of `blob`, or null when this browser cannot decode it (HEIC, TIFF, a damaged file). */
export async function makeThumbnail(blob: Blob): Promise<Thumbnail | null> {
  let bitmap: ImageBitmap | null = null;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const target = fitWithin(bitmap.width, bitmap.height);
    let source: CanvasImageSource = bitmap;
    for (const step of halvingSteps(bitmap.width, bitmap.height, target))
      source = draw(source, step.width, step.height);
    const out = await draw(source, target.width, target.height).convertToBlob({
      type: 'image/webp',
      quality: THUMB_QUALITY,
    });
    return { blob: out, ...target, fullWidth: bitmap.width, fullHeight: bitmap.height };
  } catch {
    return null;
  } finally {
    bitmap?.close();
  }
}

export const queueThumbnail = pLimit(THUMB_CONCURRENCY);
