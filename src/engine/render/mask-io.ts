import sharp, { type OutputInfo } from 'sharp';
import { EngineError } from '../errors.ts';
import { damageReason } from './decode.ts';

/**
 * Masks as files: a mask made elsewhere is read as its alpha channel when it has real transparency (a
 * cutout PNG works as a mask), else as its grey level (white = subject); Backdrop writes 8-bit grey PNGs.
 */

/**
 * Reads a mask image (PNG or any format the engine decodes; EXIF orientation applied) as width·height
 * bytes 0..255. Throws EngineError 'bad-mask' when it cannot be read or is not exactly `expected` in size.
 */
export async function decodeMask(
  bytes: Buffer,
  expected: { width: number; height: number },
  label = 'mask',
): Promise<Buffer> {
  let data: Buffer;
  let info: OutputInfo;
  let hasAlpha: boolean;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    hasAlpha = meta.hasAlpha === true;
    // failOn 'warning', as for photos: a mask cut short (a JPEG's "premature end of data segment") would
    // decode with grey rows, a half-selected subject.
    ({ data, info } = await sharp(bytes, { limitInputPixels: false, failOn: 'warning' })
      .rotate()
      .toColourspace(hasAlpha ? 'srgb' : 'b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true }));
  } catch (error) {
    throw new EngineError(
      'bad-mask',
      `The ${label} could not be read (the decoder reports “${await damageReason(bytes, error as Error)}”); ` +
        'give a PNG, white where the subject is.',
    );
  }
  if (info.width !== expected.width || info.height !== expected.height) {
    throw new EngineError(
      'bad-mask',
      `The ${label} is ${info.width}×${info.height}; the photo is ${expected.width}×${expected.height} (orientation applied). Give a mask of exactly the photo's size.`,
    );
  }
  const pixels = info.width * info.height;
  const channels = info.channels;
  const out = Buffer.allocUnsafe(pixels);
  // A cutout's alpha is the mask; an opaque RGBA file (what canvases write) is read by its grey level.
  const alphaAt = channels - 1;
  let useAlpha = false;
  if (hasAlpha && channels >= 2) {
    for (let p = 0, i = alphaAt; p < pixels; p++, i += channels) {
      if (data[i]! < 255) {
        useAlpha = true;
        break;
      }
    }
  }
  for (let p = 0, i = 0; p < pixels; p++, i += channels) {
    if (useAlpha) out[p] = data[i + alphaAt]!;
    else if (channels >= 3)
      out[p] = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29 + 128) >> 8; // Rec. 601 luma
    else out[p] = data[i]!;
  }
  return out;
}

/** An 8-bit grey PNG of width·height alpha bytes (fast compression: masks are flat and compress well anyway). */
export function encodeMask(alpha: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(alpha, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 3 })
    .toBuffer();
}
