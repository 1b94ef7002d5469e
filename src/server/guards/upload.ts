/**
 * Upload guard: the type comes from the magic bytes, the pixel count from the header (sharp reads only
 * the header for metadata), and completeness from the end marker — so a hostile 30000×30000 PNG or a
 * truncated JPEG is refused in milliseconds without decoding.
 */
import sharp from 'sharp';
import { HttpError, formatBytes } from '../errors.ts';
import { ACCEPTED_TYPES, describeNonImage, findTruncation, readEnds, sniffImageType } from './image-type.ts';

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
}

/** An image in memory or on disk. */
export type ImageSource = { data: Buffer } | { path: string; bytes: number };

/** Checks an image (in memory or on disk); `field` is the form field or JSON path named in any refusal. */
export async function checkImage(
  source: ImageSource,
  limits: UploadLimits,
  field: string,
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
  const rotated = (meta.orientation ?? 1) >= 5;
  return {
    mime: type.mime,
    format: type.label.toLowerCase(),
    width: rotated ? height : width,
    height: rotated ? width : height,
    bytes,
  };
}

export { ACCEPTED_TYPES };
