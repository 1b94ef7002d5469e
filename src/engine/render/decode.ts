import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { EngineError } from '../errors.ts';

/** Default pixel limit (issue 4: 50 MP), checked from the header before any pixel is decoded. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/** Formats we accept as input. SVG/PDF etc. are refused: they are documents, not photos. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'heif', 'tiff', 'gif']);

export interface DecodedImage {
  /** Interleaved sRGB, 3 channels, EXIF orientation applied; transparent input is flattened on white. */
  rgb: Buffer;
  width: number;
  height: number;
  /** The input's own alpha (width×height) when it had real transparency, else null. */
  inputAlpha: Buffer | null;
  /** Size of the input before any preview downscale (after EXIF orientation). */
  originalWidth: number;
  originalHeight: number;
  /** width / originalWidth: 1 unless a preview `maxSide` shrank it. */
  scale: number;
  format: string;
}

export interface DecodeOptions {
  maxPixels?: number;
  /** Quick preview: longest side of the decoded image (never enlarges). */
  maxSide?: number;
  /** What to call the image in messages, e.g. "image" or "background image". */
  label?: string;
}

export function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(pixels < 1e6 ? 3 : 1)} MP`;
}

/** Reads the header only: format, size, orientation. Throws clear EngineErrors for bad input. */
export async function probeImage(input: Buffer, options: DecodeOptions = {}) {
  const label = options.label ?? 'image';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    const reason = (error as Error).message;
    const unsupported = /unsupported image format/i.test(reason);
    throw new EngineError(
      unsupported ? 'unsupported-format' : 'unreadable-image',
      unsupported
        ? `The ${label} is not in a supported format; use JPEG, PNG, WebP, AVIF, TIFF or GIF.`
        : `The ${label} could not be read (${reason.split('\n')[0]}); check that the file is a complete image.`,
    );
  }
  const format = meta.format ?? 'unknown';
  if (!ACCEPTED_FORMATS.has(format)) {
    throw new EngineError(
      'unsupported-format',
      `The ${label} is ${format.toUpperCase()}, which is not supported; use JPEG, PNG, WebP, AVIF, TIFF or GIF.`,
    );
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) {
    throw new EngineError(
      'unreadable-image',
      `The ${label} has no pixels (its header says ${width}×${height}).`,
    );
  }
  if (width * height > maxPixels) {
    throw new EngineError(
      'too-many-pixels',
      `The ${label} is ${width}×${height} (${megapixels(width * height)}), over the limit of ` +
        `${megapixels(maxPixels)}; resize it before uploading.`,
    );
  }
  const swapped = (meta.orientation ?? 1) >= 5;
  return {
    format,
    width: swapped ? height : width,
    height: swapped ? width : height,
    hasAlpha: !!meta.hasAlpha,
  };
}

/**
 * Splits RGBA into RGB flattened on white plus the alpha; the alpha is dropped when fully opaque. In libvips,
 * so that a 12 MP transparent PNG does not hold the event loop for a per-pixel JS loop.
 */
async function splitAlpha(
  rgba: Buffer,
  width: number,
  height: number,
): Promise<{ rgb: Buffer; alpha: Buffer | null }> {
  const raw = { raw: { width, height, channels: 4 as const } };
  const [stats, alpha, rgb] = await Promise.all([
    sharp(rgba, raw).stats(),
    sharp(rgba, raw).extractChannel(3).raw().toBuffer(),
    sharp(rgba, raw).flatten({ background: '#ffffff' }).raw().toBuffer(),
  ]);
  return { rgb, alpha: stats.isOpaque ? null : alpha };
}

/**
 * Decodes to 8-bit sRGB: EXIF orientation applied, an embedded ICC profile converted to sRGB, 16-bit
 * reduced to 8, first frame of animations. Keeps the input resolution unless `maxSide` asks for a preview.
 */
export async function decodeImage(input: Buffer, options: DecodeOptions = {}): Promise<DecodedImage> {
  const probe = await probeImage(input, options);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  let pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
  const longest = Math.max(probe.width, probe.height);
  if (options.maxSide && longest > options.maxSide) {
    pipeline = pipeline.resize(options.maxSide, options.maxSide, { fit: 'inside', withoutEnlargement: true });
  }
  pipeline = pipeline.toColourspace('srgb');
  if (!probe.hasAlpha) pipeline = pipeline.removeAlpha();
  let data: Buffer;
  let info: OutputInfo;
  try {
    ({ data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new EngineError(
      'unreadable-image',
      `The ${options.label ?? 'image'} could not be decoded (${reason}); check that the file is complete.`,
    );
  }
  const { rgb, alpha } =
    info.channels === 4
      ? await splitAlpha(data, info.width, info.height)
      : { rgb: data, alpha: null as Buffer | null };
  if (info.channels !== 3 && info.channels !== 4) {
    throw new EngineError(
      'unreadable-image',
      `The ${options.label ?? 'image'} has ${info.channels} channels after conversion to sRGB.`,
    );
  }
  return {
    rgb,
    width: info.width,
    height: info.height,
    inputAlpha: alpha,
    originalWidth: probe.width,
    originalHeight: probe.height,
    scale: info.width / probe.width,
    format: probe.format,
  };
}
