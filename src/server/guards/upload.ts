/**
 * Upload guard: the type comes from the magic bytes and must be one the receiving executor takes, the
 * pixel count from the header (sharp reads only the header for metadata), completeness from the end
 * marker — so a hostile 30000×30000 PNG or a plainly truncated file is refused in milliseconds. Then, for
 * every type this server can decode, a check decode under the engine's own rule (checkDecodes): a JPEG
 * cut short that still ends in FF D9 is refused with the decoder's words, as the engine and CLI would.
 */
import sharp from 'sharp';
import { checkDecodes, decodableFormats, EngineError } from '../../engine/index.ts';
import { HttpError, formatBytes } from '../errors.ts';
import type { AcceptedTypes } from '../executors/input-types.ts';
import { describeNonImage, findTruncation, readEnds, sniffImageType } from './image-type.ts';

export interface UploadLimits {
  maxBytes: number;
  maxMegapixels: number;
}

export interface CheckedImage {
  mime: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  /** Frames in an animated GIF/WebP (1 for stills). */
  frames: number;
  /** Warnings the decoder gave while still decoding every pixel (never dropped: they become job warnings). */
  decoderWarnings: string[];
}

/** An image in memory or on disk. */
export type ImageSource = { data: Buffer } | { path: string; bytes: number };

/**
 * Checks an image (in memory or on disk); `field` is the form field or JSON path named in any refusal;
 * `accept` is what the receiving executor takes (absent: any type the guard recognises).
 */
export async function checkImage(
  source: ImageSource,
  limits: UploadLimits,
  field: string,
  accept?: AcceptedTypes,
): Promise<CheckedImage> {
  const bytes = 'data' in source ? source.data.length : source.bytes;
  if (bytes > limits.maxBytes) {
    throw new HttpError(413, {
      code: 'image-too-large',
      message: `The ${field} is ${formatBytes(bytes)}; this server accepts up to ${formatBytes(limits.maxBytes)} (BACKDROP_MAX_UPLOAD_MB). Downscale or compress it and try again.`,
      path: field,
    });
  }
  const { head, tail } =
    'data' in source
      ? { head: source.data.subarray(0, 512), tail: source.data.subarray(Math.max(0, bytes - 64 * 1024)) }
      : await readEnds(source.path, bytes);
  const type = sniffImageType(head);
  if (!type) {
    throw new HttpError(415, {
      code: 'unsupported-image-type',
      message: `The ${field} is ${describeNonImage(head)}. Accepted types: JPEG, PNG, WebP, AVIF, TIFF, GIF, HEIC.`,
      path: field,
    });
  }
  if (accept && !accept.types.includes(type.mime)) {
    throw new HttpError(415, {
      code: 'unsupported-image-type',
      message: accept.refusal(field, type.label, type.mime),
      path: field,
    });
  }
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp('data' in source ? source.data : source.path, {
      limitInputPixels: false,
      failOn: 'none',
    }).metadata();
  } catch {
    throw new HttpError(422, {
      code: 'unreadable-image',
      message:
        type.label === 'HEIC'
          ? `The ${field} is HEIC, which this server's image library cannot read. Export it as JPEG or PNG.`
          : `The ${field} looks like ${type.label} but its header cannot be read (damaged file?). Re-export it and try again.`,
      path: field,
    });
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const megapixels = (width * height) / 1e6;
  if (!width || !height) {
    throw new HttpError(422, {
      code: 'unreadable-image',
      message: `The ${field} declares no size.`,
      path: field,
    });
  }
  if (megapixels > limits.maxMegapixels) {
    throw new HttpError(413, {
      code: 'too-many-pixels',
      message: `The ${field} is ${width}×${height} (${+megapixels.toFixed(1)} MP); this server accepts up to ${limits.maxMegapixels} MP (BACKDROP_MAX_MEGAPIXELS). Downscale it and try again.`,
      path: field,
    });
  }
  const truncation = findTruncation(head, tail, bytes, type);
  if (truncation) {
    throw new HttpError(422, {
      code: 'truncated-image',
      message: `The ${field} is incomplete (${truncation}); the upload or the file is cut short. Try the original file again.`,
      path: field,
    });
  }
  const decoded = await checkPixels(source, type.mime, field, limits);
  const rotated = (meta.orientation ?? 1) >= 5;
  return {
    mime: type.mime,
    format: type.label.toLowerCase(),
    width: rotated ? height : width,
    height: rotated ? width : height,
    bytes,
    frames: Math.max(1, meta.pages ?? 1),
    decoderWarnings: decoded?.decoderWarnings ?? [],
  };
}

/** The check decode, for the types this server decodes (the rest go to a provider that decodes them). */
async function checkPixels(source: ImageSource, mime: string, field: string, limits: UploadLimits) {
  if (!(await decodableFormats()).some((format) => format.mime === mime)) return null;
  try {
    return await checkDecodes('data' in source ? source.data : source.path, {
      label: field,
      maxPixels: limits.maxMegapixels * 1e6,
    });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    throw new HttpError(422, { code: error.code, message: error.message, path: field });
  }
}
