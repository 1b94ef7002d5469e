import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { EngineError } from '../errors.ts';
import { decoderLines, decoderReport, warningMark, type DecoderReport } from './decoder-report.ts';
import { decodableFormats, decoderName, formatById, formatIdOf, listLabels } from './formats.ts';

/**
 * libvips' operation cache is off: it replays a cached decode without the decoder's warnings (a second
 * decode of the same damaged bytes came back clean), and it holds up to 50 MB of pixels and 20 open files
 * that the engine's own caches (source-cache.ts, the mask cache) already cover.
 */
sharp.cache(false);

/** Default pixel limit (issue 4: 50 MP), checked from the header before any pixel is decoded. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/** Formats sharp may recognise that are not photos: documents and vector drawings. */
const DOCUMENT_FORMATS: Record<string, string> = { svg: 'an SVG drawing', pdf: 'a PDF document' };

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
  /** Our format id (formats.ts), e.g. `jpeg`, `heic`. */
  format: string;
  /** Frames in the file (1 for stills); only the first is decoded. */
  frames: number;
  /** Warnings the decoder gave while still decoding every pixel (e.g. a metadata chunk's bad CRC). */
  decoderWarnings: string[];
}

export interface DecodeOptions {
  maxPixels?: number;
  /** Quick preview: longest side of the decoded image (never enlarges). */
  maxSide?: number;
  /** What to call the image in messages, e.g. "image" or "background image". */
  label?: string;
}

export interface ProbedImage {
  format: string;
  /** Human name of the format, e.g. "JPEG". */
  label: string;
  /** Oriented size (EXIF orientation applied). */
  width: number;
  height: number;
  hasAlpha: boolean;
  frames: number;
}

export function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(pixels < 1e6 ? 3 : 1)} MP`;
}

async function readHeader(input: Buffer | string, label: string): Promise<Metadata> {
  try {
    return await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    const reason = (error as Error).message;
    const accepted = listLabels((await decodableFormats()).map((f) => f.label));
    if (/unsupported image format/i.test(reason)) {
      throw new EngineError(
        'unsupported-format',
        `The ${label} is not in a format this machine can decode; use ${accepted}.`,
      );
    }
    if (/corrupt header/i.test(reason)) throw damaged(label, await damageReason(input, error as Error));
    throw new EngineError(
      'unreadable-image',
      `The ${label} could not be read (${reason.split('\n')[0]}); check that the file is a complete image.`,
    );
  }
}

function damaged(label: string, reason: string): EngineError {
  return new EngineError(
    'damaged-image',
    `The ${label} is damaged: the decoder reports “${reason.replace(/\.$/, '')}”, so part of the picture ` +
      `is missing or garbled and it was not used. Export it again from the original, or download it again.`,
  );
}

/** Refuses formats that are not photos, and photo formats this machine's decoder cannot decode. */
async function checkDecodable(meta: Metadata, label: string): Promise<{ id: string; label: string }> {
  const id = formatIdOf(meta);
  const decodable = await decodableFormats();
  const accepted = listLabels(decodable.map((f) => f.label));
  const known = formatById(id);
  if (!known) {
    const what = DOCUMENT_FORMATS[id] ?? `${id.toUpperCase()}, which is not a photo format Backdrop takes`;
    throw new EngineError('unsupported-format', `The ${label} is ${what}; use ${accepted}.`, id);
  }
  if (!decodable.includes(known)) {
    throw new EngineError(
      'unsupported-format',
      `The ${label} is ${known.label}, which this machine's image decoder (${decoderName()}) cannot ` +
        `decode. Export it as JPEG or PNG and try again.`,
      id,
    );
  }
  return { id, label: known.label };
}

/**
 * Reads the header only (bytes, or a file path): format, size, orientation, frames. Throws clear
 * EngineErrors for bad input.
 */
async function probeImage(input: Buffer | string, options: DecodeOptions = {}): Promise<ProbedImage> {
  const label = options.label ?? 'image';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const meta = await readHeader(input, label);
  const format = await checkDecodable(meta, label);
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
    format: format.id,
    label: format.label,
    width: swapped ? height : width,
    height: swapped ? width : height,
    hasAlpha: !!meta.hasAlpha,
    frames: Math.max(1, meta.pages ?? 1),
  };
}

/**
 * Runs a decode with sharp's `failOn: 'warning'` (its documented setting for untrusted input): any
 * warning the decoder raises about pixel data aborts it, so a JPEG cut short but ending in FF D9 — which
 * libjpeg fills with grey after "premature end of data segment" — never decodes as if whole. Whether it
 * fails is the decoder's own verdict; the words for a failure, and the warnings that did not stop the
 * decode (a metadata chunk's CRC), come from the decoder's report on `input` alone (decoder-report.ts:
 * in-process, sharp hands warnings to whichever pipeline finishes next). Never dropped.
 */
async function runDecoder<T>(
  input: Buffer | string,
  pipeline: Sharp,
  finish: (pipeline: Sharp) => Promise<T>,
  label: string,
): Promise<{ value: T; warnings: string[] }> {
  const mark = warningMark.now();
  const seen: string[] = [];
  pipeline.on('warning', (text: string) => seen.push(...decoderLines(text)));
  let value: T;
  try {
    value = await finish(pipeline);
  } catch (error) {
    warningMark.failed();
    throw damaged(label, await damageReason(input, error as Error));
  }
  // Any warning handed out meanwhile may be this image's (taken by another pipeline) or another's (given
  // to this one): the report on this image alone says which.
  if (warningMark.now() === mark) return { value, warnings: [] };
  // If no report can be made, what this pipeline was handed is kept rather than dropped.
  return { value, warnings: (await reportOrNull(input))?.warnings ?? [...new Set(seen)] };
}

async function reportOrNull(input: Buffer | string): Promise<DecoderReport | null> {
  try {
    return await decoderReport(input);
  } catch {
    return null;
  }
}

/**
 * Why a decode of `input` failed, in the decoder's own words, the same on every path and under any load:
 * its report's first warning or error; the in-process message only if the report could not be made.
 */
export async function damageReason(input: Buffer | string, thrown: Error): Promise<string> {
  const report = await reportOrNull(input);
  const words = report ? [...report.warnings, ...(report.error ? [report.error] : [])] : [];
  return words[0] ?? decoderLines(thrown.message)[0] ?? 'no reason given';
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
 * reduced to 8, the first frame of an animation (`frames` says how many there were). Keeps the input
 * resolution unless `maxSide` asks for a preview. Throws EngineError 'damaged-image' when the decoder
 * reports damaged pixel data, 'unsupported-format' for a format this machine cannot decode.
 */
export async function decodeImage(input: Buffer, options: DecodeOptions = {}): Promise<DecodedImage> {
  const label = options.label ?? 'image';
  const probe = await probeImage(input, options);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const longest = Math.max(probe.width, probe.height);
  let pipeline = sharp(input, {
    limitInputPixels: maxPixels,
    failOn: 'warning',
    page: 0,
    pages: 1,
  }).rotate();
  if (options.maxSide && longest > options.maxSide) {
    pipeline = pipeline.resize(options.maxSide, options.maxSide, {
      fit: 'inside',
      withoutEnlargement: true,
    });
  }
  pipeline = pipeline.toColourspace('srgb');
  const decoded = await runDecoder(
    input,
    probe.hasAlpha ? pipeline : pipeline.removeAlpha(),
    (pipeline) => pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }),
    label,
  );
  const { data, info }: { data: Buffer; info: OutputInfo } = decoded.value;
  if (info.channels !== 3 && info.channels !== 4) {
    throw new EngineError(
      'unreadable-image',
      `The ${label} has ${info.channels} channels after conversion to sRGB.`,
    );
  }
  const { rgb, alpha } =
    info.channels === 4
      ? await splitAlpha(data, info.width, info.height)
      : { rgb: data, alpha: null as Buffer | null };
  return {
    rgb,
    width: info.width,
    height: info.height,
    inputAlpha: alpha,
    originalWidth: probe.width,
    originalHeight: probe.height,
    scale: info.width / probe.width,
    format: probe.format,
    frames: probe.frames,
    decoderWarnings: decoded.warnings,
  };
}

/** A file decoded by decodeRgba: 8-bit sRGB RGBA, row-major, 4 bytes a pixel, and the file's header. */
export interface RgbaImage {
  rgba: Buffer;
  width: number;
  height: number;
  /** The file's header as sharp reads it: format, colour space, ICC profile, XMP, whether it has alpha. */
  meta: Metadata;
}

/**
 * A result file (a provider's, or one the engine wrote) as 8-bit sRGB RGBA, as a viewer shows it: EXIF
 * orientation applied, colour converted to sRGB, 16-bit reduced to 8, alpha 255 added when the file has
 * none. `maxPixels` (default DEFAULT_MAX_PIXELS; false: no limit) and `failOn` (default 'warning') are
 * sharp's. Throws sharp's error when the bytes are not an image it reads or are too large; callers say
 * which file it was and what to do.
 */
export async function decodeRgba(
  file: Buffer,
  options: { maxPixels?: number | false; failOn?: 'error' | 'warning' } = {},
): Promise<RgbaImage> {
  const open = () =>
    sharp(file, {
      limitInputPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
      failOn: options.failOn ?? 'warning',
    });
  const meta = await open().metadata();
  const { data, info } = await open()
    .rotate()
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { rgba: data, width: info.width, height: info.height, meta };
}

/** True when any pixel of RGBA data (4 bytes a pixel) is less than fully opaque. */
export function hasTransparency(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true;
  return false;
}

/** Longest side of the check decode: the decoder still reads every byte (JPEG and WebP decode scaled). */
const CHECK_SIDE = 256;

/**
 * Proves an image decodes, cheaply, under the same rule as decodeImage: every byte of pixel data goes
 * through the decoder (a JPEG is decoded at 1/8 scale, which still reads all its entropy-coded data), but
 * only a small image is kept, so a 48 MP photo costs a fraction of a full decode and little memory.
 * For upload guards. Returns the header facts and the warnings that did not stop the decode.
 */
export async function checkDecodes(
  input: Buffer | string,
  options: Omit<DecodeOptions, 'maxSide'> = {},
): Promise<ProbedImage & { decoderWarnings: string[] }> {
  const label = options.label ?? 'image';
  const probe = await probeImage(input, options);
  const { warnings } = await runDecoder(
    input,
    sharp(input, {
      limitInputPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
      failOn: 'warning',
      page: 0,
    }).resize(CHECK_SIDE, CHECK_SIDE, { fit: 'inside', withoutEnlargement: true }),
    (pipeline) => pipeline.raw().toBuffer(),
    label,
  );
  return { ...probe, decoderWarnings: warnings };
}
