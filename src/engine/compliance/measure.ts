/**
 * Reads what the compliance check needs off a result file: size, bytes, format, colour space and ICC
 * profile, transparency, the IPTC DigitalSourceType in its XMP, and — from Backdrop's own subject mask
 * when there is one, else the file's alpha, else an estimate from a flat border colour — where the
 * subject and the background are. The verdicts live in src/recipe/presets/verify.ts.
 */
import { parse as parseIcc } from 'icc';
import type { Metadata } from 'sharp';
import type { ImageFormat, ImageMeasurements, MaskSource } from '../../recipe/index.ts';
import { EngineError } from '../errors.ts';
import { decodeRgba, type RgbaImage } from '../render/decode.ts';
import { estimateSubjectMask } from './estimate.ts';
import { backgroundStats, edgeTouches, maskBox } from './regions.ts';

export interface MeasureOptions {
  /** Backdrop's subject mask at the result's size: one byte per pixel, 0 background … 255 subject. */
  mask?: { data: Buffer; width: number; height: number };
  /** A provider's generative model painted part of the result (known from the job, not the pixels). */
  aiGenerated?: boolean;
}

const FORMATS: Record<string, ImageFormat> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  tiff: 'tiff',
  gif: 'gif',
};

function formatOf(meta: Metadata): ImageFormat | undefined {
  if (meta.format === 'heif') return meta.compression === 'av1' ? 'avif' : undefined;
  return FORMATS[meta.format ?? ''];
}

function profileDescription(icc: Buffer | undefined): string | undefined {
  if (!icc) return undefined;
  try {
    return parseIcc(icc).description?.trim() || undefined;
  } catch {
    return 'an unreadable ICC profile';
  }
}

const DIGITAL_SOURCE_TYPE =
  /DigitalSourceType(?:="|>\s*|[^>]*?rdf:resource=")\s*(?:https?:\/\/cv\.iptc\.org\/newscodes\/digitalsourcetype\/)?([A-Za-z]+)/;

/** The IPTC DigitalSourceType code in an XMP packet (attribute, element or rdf:resource form). */
export function digitalSourceTypeOf(xmp: Buffer | undefined): string | undefined {
  if (!xmp) return undefined;
  return DIGITAL_SOURCE_TYPE.exec(xmp.toString('utf8'))?.[1];
}

/**
 * Measures one result file. Throws EngineError('unreadable-image') when the bytes are not an image sharp reads.
 * Pixels are read after EXIF orientation, as a marketplace shows them.
 */
export async function measureImage(file: Buffer, options: MeasureOptions = {}): Promise<ImageMeasurements> {
  let decoded: RgbaImage;
  try {
    decoded = await decodeRgba(file, { maxPixels: false });
  } catch (error) {
    throw new EngineError(
      'unreadable-image',
      `The result could not be read as an image: ${(error as Error).message}`,
    );
  }
  const { rgba, width, height, meta } = decoded;
  const count = width * height;
  let transparent = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) transparent++;
  const transparentShare = transparent / count;

  let source: MaskSource | undefined;
  let mask: Uint8Array | undefined;
  if (options.mask && options.mask.width === width && options.mask.height === height) {
    source = 'mask';
    mask = options.mask.data;
  } else if (meta.hasAlpha && transparentShare > 0.001) {
    source = 'alpha';
    mask = new Uint8Array(count);
    for (let i = 0; i < count; i++) mask[i] = rgba[i * 4 + 3]!;
  } else {
    const estimated = estimateSubjectMask(rgba, width, height);
    if (estimated) {
      source = 'estimated';
      mask = estimated;
    }
  }

  const measurements: ImageMeasurements = {
    width,
    height,
    bytes: file.length,
    ...(formatOf(meta) ? { format: formatOf(meta)! } : {}),
    colour: {
      space: meta.space ?? 'srgb',
      ...(profileDescription(meta.icc) ? { profile: profileDescription(meta.icc)! } : {}),
    },
    alpha: { channel: Boolean(meta.hasAlpha), transparentShare },
    aiGenerated: options.aiGenerated ?? false,
  };
  const sourceType = digitalSourceTypeOf(meta.xmp);
  if (sourceType) measurements.digitalSourceType = sourceType;
  if (source && mask) {
    measurements.background = { source, ...backgroundStats(rgba, mask, width, height) };
    measurements.subject = {
      source,
      box: maskBox(mask, width, height),
      touches: edgeTouches(mask, width, height),
    };
  }
  return measurements;
}
