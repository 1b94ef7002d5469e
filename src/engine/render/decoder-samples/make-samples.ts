/**
 * Remakes the tiny files the decoder probe (../formats.ts) decodes once at start, one per format, each
 * written by a real encoder: sharp/libvips for the formats it writes, libheif's `heif-enc` (x265) for HEIC,
 * which no sharp build can write. Every file is a 16×12 image of one known colour so the probe can check
 * the decoded pixels, not only that decoding did not throw.
 *
 *   apt-get install libheif-examples        # heif-enc
 *   npx tsx src/engine/render/decoder-samples/make-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PROBE_COLOR, PROBE_SIZE } from '../formats.ts';

const here = import.meta.dirname;
const base = () =>
  sharp({
    create: { width: PROBE_SIZE.width, height: PROBE_SIZE.height, channels: 3, background: PROBE_COLOR },
  });

const written: [string, Buffer][] = [
  ['sample.jpg', await base().jpeg({ quality: 90 }).toBuffer()],
  ['sample.png', await base().png().toBuffer()],
  ['sample.webp', await base().webp({ quality: 90 }).toBuffer()],
  ['sample.gif', await base().gif().toBuffer()],
  ['sample.tif', await base().tiff({ compression: 'lzw' }).toBuffer()],
  ['sample.avif', await base().avif({ quality: 90 }).toBuffer()],
];
for (const [name, bytes] of written) writeFileSync(path.join(here, name), bytes);

const scratch = mkdtempSync(path.join(tmpdir(), 'backdrop-heic-'));
try {
  const png = path.join(scratch, 'in.png');
  await base().png().toFile(png);
  execFileSync('heif-enc', ['-q', '90', '-o', path.join(here, 'sample.heic'), png], { stdio: 'inherit' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`wrote ${written.length + 1} samples to ${here}`);
