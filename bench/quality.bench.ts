/**
 * Mask quality on the project's generated product photos (exact ground-truth masks, incl. the hard
 * cases: white-on-white, glass, thin parts, holes, busy backdrops): IoU, MAE and boundary F for our
 * pipeline vs @imgly/background-removal-node's removeBackground (model `medium`) on the same images.
 *
 * Then the box section (bench/box-quality.ts): cluttered scenes, a box around the subject vs the automatic run.
 * Then decontamination (bench/edge-quality.ts): colour error at soft edges on coloured backdrops.
 *
 * Run: npx tsx bench/quality.bench.ts [--count 24] [--size 1024] [--box-count 20] [--only products|box|edges]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { segment, warmUpSegmenter } from '../src/engine/segmentation/index.ts';
import { imglyDistDir } from '../src/engine/segmentation/model-store.ts';
import { scoreMask, type MaskScores } from '../src/engine/testing/mask-metrics.ts';
import { renderSynthetic, syntheticSuite } from '../src/engine/testing/synthetic-products.ts';
import { boxQuality } from './box-quality.ts';
import { edgeQuality } from './edge-quality.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg('count', 24);
const SIZE = arg('size', 1024);
const BOX_COUNT = arg('box-count', 20);
const onlyAt = process.argv.indexOf('--only');
const ONLY = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
const outDir = path.resolve(import.meta.dirname, 'results');
await mkdir(outDir, { recursive: true });

register('./imgly-zod3-hooks.mjs', import.meta.url); // see that file: imgly's zod 3 import
const { removeBackground } = await import('@imgly/background-removal-node');
const imglyConfig = {
  publicPath: `${pathToFileURL(imglyDistDir()).href}/`,
  model: 'medium' as const,
  output: { format: 'image/png' as const },
};

await warmUpSegmenter();
if (!ONLY || ONLY === 'products') await productQuality();
if (!ONLY || ONLY === 'box') {
  const box = await boxQuality(BOX_COUNT, SIZE);
  await writeFile(path.join(outDir, 'quality-box.json'), JSON.stringify(box, null, 2));
}
if (!ONLY || ONLY === 'edges') {
  const edges = await edgeQuality();
  await writeFile(path.join(outDir, 'quality-edges.json'), JSON.stringify(edges, null, 2));
}

async function productQuality() {
  const rows: { image: string; ours: MaskScores; imgly: MaskScores }[] = [];
  for (const spec of syntheticSuite(COUNT, SIZE)) {
    const photo = await renderSynthetic(spec);
    const raw = { width: photo.width, height: photo.height, channels: 3 as const };
    const ours = await segment({ data: photo.image, ...raw });
    const png = await sharp(photo.image, { raw }).png({ compressionLevel: 1 }).toBuffer();
    const cutout = await removeBackground(new Blob([png], { type: 'image/png' }), imglyConfig);
    const imglyAlpha = await sharp(Buffer.from(await cutout.arrayBuffer()))
      .ensureAlpha()
      .extractChannel(3)
      .raw()
      .toBuffer();
    const row = {
      image: photo.name,
      ours: scoreMask(ours.alpha, photo.mask, photo.width, photo.height),
      imgly: scoreMask(imglyAlpha, photo.mask, photo.width, photo.height),
    };
    rows.push(row);
    const f = (s: MaskScores) =>
      `IoU ${s.iou.toFixed(3)} MAE ${s.mae.toFixed(4)} bF ${s.boundaryF.toFixed(3)}`;
    console.log(`${photo.name.padEnd(30)} ours ${f(row.ours)} | imgly ${f(row.imgly)}`);
  }

  const mean = (pick: (r: (typeof rows)[number]) => number) =>
    rows.reduce((sum, r) => sum + pick(r), 0) / rows.length;
  const summary = {
    images: rows.length,
    ours: {
      iou: mean((r) => r.ours.iou),
      mae: mean((r) => r.ours.mae),
      boundaryF: mean((r) => r.ours.boundaryF),
    },
    imgly: {
      iou: mean((r) => r.imgly.iou),
      mae: mean((r) => r.imgly.mae),
      boundaryF: mean((r) => r.imgly.boundaryF),
    },
    oursBetterIou: rows.filter((r) => r.ours.iou > r.imgly.iou).length,
    oursBetterBoundaryF: rows.filter((r) => r.ours.boundaryF > r.imgly.boundaryF).length,
  };
  console.table({
    'ours (mean)': {
      IoU: summary.ours.iou.toFixed(4),
      MAE: summary.ours.mae.toFixed(4),
      'boundary F': summary.ours.boundaryF.toFixed(4),
    },
    'imgly removeBackground (mean)': {
      IoU: summary.imgly.iou.toFixed(4),
      MAE: summary.imgly.mae.toFixed(4),
      'boundary F': summary.imgly.boundaryF.toFixed(4),
    },
  });
  console.log(
    `ours better on IoU in ${summary.oursBetterIou}/${rows.length} images, on boundary F in ${summary.oursBetterBoundaryF}/${rows.length}`,
  );
  await writeFile(path.join(outDir, 'quality.json'), JSON.stringify({ summary, rows }, null, 2));
}
