/**
 * Writes the sample product photos the app offers (public/samples/*.jpg + index.json). They are the
 * project's own synthetic renders (src/engine/testing/synthetic-products.ts), so Backdrop may ship them.
 * Run: npx tsx bench/make-samples.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { renderSynthetic, type SyntheticSpec } from '../src/engine/testing/synthetic-products.ts';

const outDir = path.resolve(import.meta.dirname, '../public/samples');

const samples: { file: string; name: string; spec: SyntheticSpec }[] = [
  {
    file: 'perfume.jpg',
    name: 'Perfume bottle',
    spec: { kind: 'perfume', backdrop: 'spotlight', seed: 2, width: 1200, height: 1500 },
  },
  {
    file: 'sneaker.jpg',
    name: 'Sneaker',
    spec: { kind: 'sneaker', backdrop: 'studio', seed: 4, width: 1600, height: 1200 },
  },
  {
    file: 'mug.jpg',
    name: 'Mug with handle',
    spec: { kind: 'mug', backdrop: 'duotone', seed: 3, width: 1400, height: 1400 },
  },
  {
    file: 'headphones.jpg',
    name: 'Headphones',
    spec: { kind: 'headphones', backdrop: 'studio', seed: 6, width: 1500, height: 1200 },
  },
  {
    file: 'wine-glass.jpg',
    name: 'Wine glass (semi-transparent)',
    spec: { kind: 'glass', backdrop: 'busy', seed: 13, width: 1200, height: 1500 },
  },
  {
    file: 'white-bottle.jpg',
    name: 'White bottle on white',
    spec: { kind: 'bottle', backdrop: 'white', whiteObject: true, seed: 11, width: 1200, height: 1500 },
  },
];

await mkdir(outDir, { recursive: true });
const index: { file: string; name: string; width: number; height: number }[] = [];
for (const sample of samples) {
  const photo = await renderSynthetic(sample.spec);
  const jpeg = await sharp(photo.image, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .jpeg({ quality: 84, mozjpeg: true })
    .toBuffer();
  if (jpeg.length > 300_000)
    throw new Error(`${sample.file} is ${jpeg.length} bytes; samples must stay under 300 KB`);
  await writeFile(path.join(outDir, sample.file), jpeg);
  index.push({ file: sample.file, name: sample.name, width: photo.width, height: photo.height });
  console.log(
    `${sample.file.padEnd(18)} ${photo.width}×${photo.height} ${(jpeg.length / 1024).toFixed(0)} KB`,
  );
}
await writeFile(path.join(outDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
