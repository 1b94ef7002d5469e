/**
 * Reads an image's type and pixel size from its first bytes, without decoding it. This is how the app
 * refuses a 30000×30000 PNG before the browser tries to decode (and the server to receive) it, and
 * how it names the real type of a pasted blob whose `type` is empty or wrong.
 */
import { heifPrimarySize } from './heif-size.ts';

export interface ImageHeader {
  type: string;
  width?: number;
  height?: number;
}

/** How many leading bytes to read: enough to pass a large EXIF block in a JPEG. */
export const HEADER_BYTES = 512 * 1024;

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

function png(b: Uint8Array, v: DataView): ImageHeader {
  return b.length >= 24
    ? { type: 'image/png', width: v.getUint32(16), height: v.getUint32(20) }
    : { type: 'image/png' };
}

function jpeg(b: Uint8Array, v: DataView): ImageHeader {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) {
      at++;
      continue;
    }
    const marker = b[at + 1]!;
    // SOFn carries the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { type: 'image/jpeg', height: v.getUint16(at + 5), width: v.getUint16(at + 7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    at += 2 + v.getUint16(at + 2);
  }
  return { type: 'image/jpeg' };
}

function webp(b: Uint8Array, v: DataView): ImageHeader {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) {
    return {
      type: 'image/webp',
      width: v.getUint16(26, true) & 0x3fff,
      height: v.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = v.getUint32(21, true);
    return { type: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    const w = b[24]! | (b[25]! << 8) | (b[26]! << 16);
    const h = b[27]! | (b[28]! << 8) | (b[29]! << 16);
    return { type: 'image/webp', width: w + 1, height: h + 1 };
  }
  return { type: 'image/webp' };
}

/** AVIF/HEIC: the primary item's size (heif-size.ts); else, from a partial read, the largest `ispe`. */
function isobmff(b: Uint8Array, v: DataView, type: string): ImageHeader {
  const primary = heifPrimarySize(b);
  if (primary) return { type, ...primary };
  let best: ImageHeader = { type };
  for (let at = 4; at + 16 <= b.length; at++) {
    if (b[at] === 0x69 && ascii(b, at, 4) === 'ispe') {
      const width = v.getUint32(at + 8);
      const height = v.getUint32(at + 12);
      if (width * height > (best.width ?? 0) * (best.height ?? 0)) best = { type, width, height };
    }
  }
  return best;
}

function tiff(b: Uint8Array, v: DataView): ImageHeader {
  const le = b[0] === 0x49;
  const ifd = v.getUint32(4, le);
  if (ifd + 2 > b.length) return { type: 'image/tiff' };
  const count = v.getUint16(ifd, le);
  const out: ImageHeader = { type: 'image/tiff' };
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > b.length) break;
    const tag = v.getUint16(entry, le);
    const kind = v.getUint16(entry + 2, le);
    const value = kind === 3 ? v.getUint16(entry + 8, le) : v.getUint32(entry + 8, le);
    if (tag === 256) out.width = value;
    if (tag === 257) out.height = value;
  }
  return out;
}

export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const b = bytes;
  if (b.length < 12) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') return png(b, v);
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg(b, v);
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b, v);
  if (ascii(b, 0, 4) === 'GIF8')
    return { type: 'image/gif', width: v.getUint16(6, true), height: v.getUint16(8, true) };
  if (ascii(b, 0, 2) === 'BM' && b.length >= 26) {
    return {
      type: 'image/bmp',
      width: Math.abs(v.getInt32(18, true)),
      height: Math.abs(v.getInt32(22, true)),
    };
  }
  if (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*') return tiff(b, v);
  if (ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (brand === 'avif' || brand === 'avis') return isobmff(b, v, 'image/avif');
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'mif1', 'msf1'].includes(brand))
      return isobmff(b, v, 'image/heic');
  }
  return null;
}

/** Short human names for MIME types in messages. */
export function typeLabel(mime: string): string {
  const known: Record<string, string> = {
    'image/jpeg': 'JPEG',
    'image/png': 'PNG',
    'image/webp': 'WebP',
    'image/avif': 'AVIF',
    'image/tiff': 'TIFF',
    'image/gif': 'GIF',
    'image/heic': 'HEIC',
    'image/heif': 'HEIF',
    'image/bmp': 'BMP',
    'image/svg+xml': 'SVG',
  };
  return known[mime] ?? (mime.replace(/^image\//, '').toUpperCase() || 'unknown type');
}
