// The decoder's own account of one image, decoded alone in this process (see decoder-report.ts for why).
// Input: a file path as argv[2], else the bytes on stdin. Output (stdout): JSON { warnings, error }, the
// libvips warning lines as sharp reported them and the thrown error's message (or null).
// Plain JavaScript so that it starts in ~0.2 s without tsx.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

sharp.cache(false); // a cached decode replays without its warnings
sharp.concurrency(1);

const input = process.argv[2] ?? readFileSync(0);

/** failOn 'none' first: every warning is reported and the decode goes on; 'warning' if that said nothing. */
async function decode(failOn) {
  const warnings = [];
  const pipeline = sharp(input, { failOn, page: 0, limitInputPixels: false })
    .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
    .on('warning', (text) => warnings.push(text));
  let error = null;
  await pipeline
    .raw()
    .toBuffer()
    .catch((thrown) => {
      error = thrown.message;
    });
  return { warnings, error };
}

let report = await decode('none');
if (report.warnings.length === 0 && report.error === null) report = await decode('warning');
process.stdout.write(JSON.stringify(report));
