/** Image type from the first bytes (never from the file name or the declared Content-Type). */
import { open } from 'node:fs/promises';

export interface SniffedType {
  mime: string;
  /** sharp's name for the format, as metadata().format reports it. */
  format: 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif' | 'heif';
  label: string;
}

/** The image types the upload guard can recognise and check (each executor takes a subset: inputTypes). */
export const CHECKABLE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/avif',
  'image/tiff',
  'image/gif',
  'image/heic',
];

const HEIC_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'];

export function sniffImageType(head: Buffer): SniffedType | null {
  const ascii = (from: number, to: number) => head.subarray(from, to).toString('latin1');
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return { mime: 'image/jpeg', format: 'jpeg', label: 'JPEG' };
  }
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return { mime: 'image/png', format: 'png', label: 'PNG' };
  }
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') {
    return { mime: 'image/webp', format: 'webp', label: 'WebP' };
  }
  if (head.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    return { mime: 'image/gif', format: 'gif', label: 'GIF' };
  }
  if (head.length >= 4 && (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*')) {
    return { mime: 'image/tiff', format: 'tiff', label: 'TIFF' };
  }
  if (head.length >= 12 && ascii(4, 8) === 'ftyp') {
    const boxSize = Math.min(head.readUInt32BE(0), head.length);
    const brands = [ascii(8, 12)];
    for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(at, at + 4));
    if (brands.some((b) => b === 'avif' || b === 'avis'))
      return { mime: 'image/avif', format: 'heif', label: 'AVIF' };
    if (brands.some((b) => HEIC_BRANDS.includes(b)))
      return { mime: 'image/heic', format: 'heif', label: 'HEIC' };
  }
  return null;
}

/** Names what the bytes look like when they are not an accepted image, for a helpful refusal. */
export function describeNonImage(head: Buffer): string {
  const ascii = head.subarray(0, 16).toString('latin1');
  if (ascii.startsWith('BM')) return 'a BMP image (not supported: convert it to PNG or JPEG)';
  if (ascii.startsWith('%PDF')) return 'a PDF document';
  if (ascii.startsWith('PK')) return 'a ZIP archive';
  if (/^\s*<(\?xml|svg)/i.test(ascii)) return 'an SVG/XML document (vector images are not supported)';
  if (/^\s*[{[]/.test(ascii)) return 'JSON text';
  if (head.length === 0) return 'an empty file';
  return 'not a recognised image';
}

export async function readHead(path: string, bytes = 64): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The first 512 bytes and the last 64 KB of a file, read through one handle. */
export async function readEnds(path: string, size: number): Promise<{ head: Buffer; tail: Buffer }> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(512, size));
    await handle.read(head, 0, head.length, 0);
    const tailLength = Math.min(64 * 1024, size);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    return { head, tail };
  } finally {
    await handle.close();
  }
}

/**
 * Cheap structural completeness check for the formats with an end marker; a truncated upload fails
 * here without decoding a single pixel. `tail` is the file's last bytes (up to 64 KB). Returns null
 * when complete, else what is missing.
 */
export function findTruncation(head: Buffer, tail: Buffer, size: number, type: SniffedType): string | null {
  const last = (n: number) => tail.subarray(Math.max(0, tail.length - n));
  if (type.format === 'png')
    return last(64).includes(Buffer.from('IEND')) ? null : 'the PNG has no IEND chunk';
  if (type.format === 'jpeg') {
    // Some cameras append data after the image, so look for the end marker anywhere near the end.
    return tail.includes(Buffer.from([0xff, 0xd9])) ? null : 'the JPEG has no end-of-image marker';
  }
  if (type.format === 'gif') return last(16).includes(0x3b) ? null : 'the GIF has no trailer';
  if (type.format === 'webp' && head.length >= 8) {
    const declared = head.readUInt32LE(4) + 8;
    return size >= declared ? null : `the WebP declares ${declared} bytes but has ${size}`;
  }
  return null;
}
