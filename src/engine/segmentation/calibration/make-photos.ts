/**
 * Writes the calibration photos for the int8 model as the model sees them: generated product photos
 * (src/engine/testing/synthetic-products.ts) stretched to a square of `--size` px, as PNG, with their
 * exact masks beside them (`NAME.mask.png`). Seeds start at 1001 (`--set calibration`) or 2001 (`--set
 * dev`), so neither set shares a photo with the quality benchmark (seeds 1–24) or the tests.
 *
 * Run: npx tsx src/engine/segmentation/calibration/make-photos.ts OUT_DIR [--set calibration|dev]
 *      [--count 32] [--size 1024]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { renderSynthetic, BACKDROP_KINDS, type SyntheticSpec } from '../../testing/synthetic-products.ts';
import { PRODUCT_KINDS } from '../../testing/synthetic-shapes.ts';

/** Every product kind on every backdrop in turn (kind i mod 10, backdrop 7i mod 6), aspect ratios varied. */
export function calibrationSpecs(count: number, firstSeed: number, size = 1024): SyntheticSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = PRODUCT_KINDS[i % PRODUCT_KINDS.length]!;
    const backdrop = BACKDROP_KINDS[(i * 7 + Math.floor(i / PRODUCT_KINDS.length)) % BACKDROP_KINDS.length]!;
    const aspect = [1, 1.33, 0.8, 1.5, 0.67][i % 5]!;
    return {
      kind,
      backdrop,
      seed: firstSeed + i,
      width: Math.round(aspect >= 1 ? size * aspect : size),
      height: Math.round(aspect >= 1 ? size : size / aspect),
      whiteObject: i % 7 === 3,
    };
  });
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    set: { type: 'string', default: 'calibration' },
    count: { type: 'string', default: '32' },
    size: { type: 'string', default: '1024' },
  },
});
const out = positionals[0];
if (!out || !['calibration', 'dev'].includes(values.set)) {
  console.error('usage: make-photos.ts OUT_DIR [--set calibration|dev] [--count N] [--size PX]');
  process.exit(2);
}
const size = Number(values.size);
await mkdir(out, { recursive: true });
for (const spec of calibrationSpecs(Number(values.count), values.set === 'dev' ? 2001 : 1001, size)) {
  const photo = await renderSynthetic(spec);
  const raw = { width: photo.width, height: photo.height };
  const fill = { fit: 'fill', kernel: 'linear' } as const;
  await sharp(photo.image, { raw: { ...raw, channels: 3 } })
    .resize(size, size, fill)
    .png()
    .toFile(path.join(out, `${photo.name}.png`));
  await sharp(photo.mask, { raw: { ...raw, channels: 1 } })
    .resize(size, size, fill)
    .extractChannel(0)
    .png()
    .toFile(path.join(out, `${photo.name}.mask.png`));
  console.log(photo.name);
}
