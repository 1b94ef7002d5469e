/**
 * Inputs that real users' tools choke on, made in code for the tests (issue 10): a JPEG cut short that
 * still ends in FF D9, a real HEIC, animations, a PNG whose metadata chunk is broken, very small photos.
 * Each is built by a real encoder (sharp/libvips; libheif's heif-enc for the committed HEIC sample).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

const SAMPLES = path.join(import.meta.dirname, '../render/decoder-samples');

/** A product-like photo with detail in every row, so a cut-off shows in the decoded pixels. */
function gradientPhoto(width = 600, height = 400): Buffer {
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      rgb[p] = (x / width) * 255;
      rgb[p + 1] = (y / height) * 255;
      rgb[p + 2] = (x * 7 + y * 13) % 251;
    }
  }
  return rgb;
}

export function gradientJpeg(width = 600, height = 400): Promise<Buffer> {
  return sharp(gradientPhoto(width, height), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * The first `keep` of a JPEG plus its end-of-image marker (FF D9): the upload looks complete to a marker
 * check, and libjpeg fills the missing rows with grey after "premature end of data segment".
 */
export function cutJpeg(jpeg: Buffer, keep = 0.6): Buffer {
  return Buffer.concat([jpeg.subarray(0, Math.floor(jpeg.length * keep)), Buffer.from([0xff, 0xd9])]);
}

/** A real HEVC-coded HEIC (16×12, made by heif-enc; see decoder-samples/make-samples.ts). */
export function heicSample(): Buffer {
  return readFileSync(path.join(SAMPLES, 'sample.heic'));
}

/** An animation of `frames` frames (each a different colour) as GIF or animated WebP. */
export async function animation(
  format: 'gif' | 'webp',
  frames = 3,
  width = 96,
  height = 64,
): Promise<Buffer> {
  const colours = ['#c8321e', '#1e8c3c', '#283cc8', '#d2b41e', '#8c1ec8'];
  const stills = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width, height, channels: 3, background: colours[i % colours.length]! } })
        .png()
        .toBuffer(),
    ),
  );
  const joined = sharp(stills, { join: { animated: true } });
  return format === 'gif' ? joined.gif({ delay: 100 }).toBuffer() : joined.webp({ delay: 100 }).toBuffer();
}

/**
 * A PNG with a text chunk whose CRC is wrong: every pixel decodes, and libpng warns "tEXt: CRC error" —
 * a decoder warning that is not damage to the picture.
 */
export function pngWithBadTextChunk(png: Buffer): Buffer {
  const data = Buffer.from('Comment\0made by a broken exporter', 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('tEXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(Buffer.concat([head.subarray(4), data])) ^ 0xffff) >>> 0);
  const afterIhdr = 8 + 25;
  return Buffer.concat([png.subarray(0, afterIhdr), head, data, crc, png.subarray(afterIhdr)]);
}
