/**
 * Mask files in the browser: the edited mask written as a PNG (what PUT /api/jobs/:id/mask, the photo's
 * saved mask and "Download mask" use) and a PNG made elsewhere read back — by its alpha when it has real
 * transparency (a cut-out), else by its grey level, the same rule as the server's (src/engine/render/mask-io.ts).
 */
import { downloadName } from '../../recipe/index.ts';
import type { MaskRaster } from './raster.ts';

/** The name "Download mask" gives a photo's mask (and the snippets use): `perfume.jpg` → `perfume-mask.png`. */
export const maskFileName = (photoName: string | undefined): string =>
  downloadName(photoName ?? 'photo', 'png', 'mask');

/** White where the subject is: R = G = B = mask, opaque. */
export async function encodeMaskPng(raster: MaskRaster): Promise<Blob> {
  const { data, width, height } = raster;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, i = 0; p < data.length; p++, i += 4) {
    const v = data[p]!;
    rgba[i] = v;
    rgba[i + 1] = v;
    rgba[i + 2] = v;
    rgba[i + 3] = 255;
  }
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** The pixels of an image file, orientation applied, without colour conversion or premultiplication. */
async function pixelsOf(blob: Blob): Promise<ImageData> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new Error('This file is not an image the browser can read; give a PNG.');
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/**
 * A mask image at exactly `expected` size as mask bytes. Throws an Error whose message says what is
 * wrong (another size, not an image) and what to do.
 */
export async function decodeMaskImage(
  blob: Blob,
  expected: { width: number; height: number },
): Promise<MaskRaster> {
  const image = await pixelsOf(blob);
  if (image.width !== expected.width || image.height !== expected.height) {
    throw new Error(
      `The mask is ${image.width}×${image.height}; this photo is ${expected.width}×${expected.height}. Use a mask of exactly the photo's size.`,
    );
  }
  const { data } = image;
  const pixels = image.width * image.height;
  let cutout = false;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i]! < 255) {
      cutout = true;
      break;
    }
  }
  const mask = new Uint8Array(pixels);
  for (let p = 0, i = 0; p < pixels; p++, i += 4) {
    mask[p] = cutout ? data[i + 3]! : (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29 + 128) >> 8;
  }
  return { data: mask, width: image.width, height: image.height };
}

/** The photo's RGBA pixels (orientation applied), for the edge-aware brush and the cut-out view. */
export async function photoPixels(blob: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, canvas.width, canvas.height);
}
