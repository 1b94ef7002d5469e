/**
 * Which image formats this process can really decode, found by decoding a tiny sample of each with the
 * same sharp/libvips build that will decode the photos — not from a list. sharp can read a format's header
 * without being able to decode its pixels (its prebuilt libvips reads HEIC headers but has no HEVC
 * decoder), so only a full decode of a real file tells.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';

export type FormatId = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heic';

export interface ImageFormat {
  id: FormatId;
  mime: string;
  label: string;
  /** File in ./decoder-samples/ (made by make-samples.ts with a real encoder). */
  sample: string;
}

export const IMAGE_FORMATS: readonly ImageFormat[] = [
  { id: 'jpeg', mime: 'image/jpeg', label: 'JPEG', sample: 'sample.jpg' },
  { id: 'png', mime: 'image/png', label: 'PNG', sample: 'sample.png' },
  { id: 'webp', mime: 'image/webp', label: 'WebP', sample: 'sample.webp' },
  { id: 'avif', mime: 'image/avif', label: 'AVIF', sample: 'sample.avif' },
  { id: 'tiff', mime: 'image/tiff', label: 'TIFF', sample: 'sample.tif' },
  { id: 'gif', mime: 'image/gif', label: 'GIF', sample: 'sample.gif' },
  { id: 'heic', mime: 'image/heic', label: 'HEIC', sample: 'sample.heic' },
];

/** Every sample is this size and colour, so the probe checks the pixels, not only the absence of an error. */
export const PROBE_SIZE = { width: 16, height: 12 } as const;
export const PROBE_COLOR = { r: 200, g: 60, b: 30 } as const;
/** Lossy codecs (and GIF's palette) move the colour a little; a failed decode is far off or absent. */
const PROBE_TOLERANCE = 24;

const SAMPLES_DIR = path.join(import.meta.dirname, 'decoder-samples');

/** The decoder the probe asked, for messages: e.g. "libvips 8.18.7 in sharp 0.35.5". */
export function decoderName(): string {
  return `libvips ${sharp.versions.vips} in sharp ${sharp.versions.sharp ?? '?'}`;
}

/** "JPEG, PNG or GIF" */
export function listLabels(labels: readonly string[]): string {
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
}

/**
 * Our format id for sharp's metadata: sharp calls both AVIF and HEIC "heif" and tells them apart by the
 * compression (av1 / hevc). Formats outside IMAGE_FORMATS (svg, pdf, …) keep sharp's name.
 */
export function formatIdOf(meta: Pick<Metadata, 'format' | 'compression'>): FormatId | string {
  if (meta.format === 'heif') return meta.compression === 'av1' ? 'avif' : 'heic';
  return meta.format ?? 'unknown';
}

export function formatById(id: string): ImageFormat | undefined {
  return IMAGE_FORMATS.find((format) => format.id === id);
}

/** Decodes one sample in full; true when the pixels come out the right size and colour. */
async function decodesSample(format: ImageFormat): Promise<boolean> {
  try {
    const bytes = await readFile(path.join(SAMPLES_DIR, format.sample));
    const { data, info } = await sharp(bytes, { failOn: 'warning' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width !== PROBE_SIZE.width || info.height !== PROBE_SIZE.height) return false;
    const centre = ((info.height >> 1) * info.width + (info.width >> 1)) * info.channels;
    const { r, g, b } = PROBE_COLOR;
    return [r, g, b].every((value, c) => Math.abs(data[centre + c]! - value) <= PROBE_TOLERANCE);
  } catch {
    return false;
  }
}

let probed: Promise<ImageFormat[]> | null = null;

/** The formats this process decodes, in IMAGE_FORMATS order. Probed on the first call, then remembered. */
export function decodableFormats(): Promise<ImageFormat[]> {
  probed ??= Promise.all(IMAGE_FORMATS.map(decodesSample)).then((ok) =>
    IMAGE_FORMATS.filter((_, i) => ok[i]),
  );
  return probed;
}
