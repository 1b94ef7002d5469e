/**
 * Mask quality on the project's generated product photos (exact ground-truth masks, incl. the hard
 * cases: white-on-white, glass, thin parts, holes, busy backdrops): IoU, MAE and boundary F for our
 * pipeline at each model precision (fp32, int8, and int8 with flip test-time augmentation) vs
 * @imgly/background-removal-node's removeBackground (model `medium`) on the same images.
 *
 * Then the box section (bench/box-quality.ts): cluttered scenes, a box around the subject vs the automatic run.
 * Then decontamination (bench/edge-quality.ts): colour error at soft edges on coloured backdrops.
 *
 * Run: npx tsx bench/quality.bench.ts [--count 24] [--size 1024] [--box-count 20] [--only products|box|edges]
 *   [--variants fp32,int8,int8+flip]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { resetSegmenter, segment, warmUpSegmenter } from '../src/engine/segmentation/index.ts';
import { imglyDistDir } from '../src/engine/segmentation/model-store.ts';
import { scoreMask, type MaskScores } from '../src/engine/testing/mask-metrics.ts';
import {
  renderSynthetic,
  syntheticSuite,
  type SyntheticPhoto,
} from '../src/engine/testing/synthetic-products.ts';
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
/** `<precision>[+flip]`: BACKDROP_MODEL_PRECISION and BACKDROP_FLIP_TTA for that pass over the photos. */
const VARIANTS = (
  process.argv.includes('--variants')
    ? process.argv[process.argv.indexOf('--variants') + 1]!
    : 'fp32,int8,int8+flip'
).split(',');
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
  const saved = {
    BACKDROP_MODEL_PRECISION: process.env.BACKDROP_MODEL_PRECISION,
    BACKDROP_FLIP_TTA: process.env.BACKDROP_FLIP_TTA,
  };
  const photos: SyntheticPhoto[] = [];
  for (const spec of syntheticSuite(COUNT, SIZE)) photos.push(await renderSynthetic(spec));
  const raw = (p: SyntheticPhoto) => ({ width: p.width, height: p.height, channels: 3 as const });
  const score = (alpha: Uint8Array, p: SyntheticPhoto) => scoreMask(alpha, p.mask, p.width, p.height);

  const scores: Record<string, MaskScores[]> = {};
  for (const variant of VARIANTS) {
    const [precision, flip] = variant.split('+');
    process.env.BACKDROP_MODEL_PRECISION = precision;
    process.env.BACKDROP_FLIP_TTA = flip === 'flip' ? '1' : '0';
    resetSegmenter({ model: true });
    await warmUpSegmenter();
    scores[variant] = [];
    for (const p of photos)
      scores[variant].push(score((await segment({ data: p.image, ...raw(p) })).alpha, p));
  }
  scores.imgly = [];
  for (const p of photos) {
    const png = await sharp(p.image, { raw: raw(p) })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const cutout = await removeBackground(new Blob([png], { type: 'image/png' }), imglyConfig);
    const alpha = await sharp(Buffer.from(await cutout.arrayBuffer()))
      .ensureAlpha()
      .extractChannel(3)
      .raw()
      .toBuffer();
    scores.imgly.push(score(alpha, p));
  }

  const f = (s: MaskScores) => `IoU ${s.iou.toFixed(3)} MAE ${s.mae.toFixed(4)} bF ${s.boundaryF.toFixed(3)}`;
  photos.forEach((p, i) =>
    console.log(
      `${p.name.padEnd(30)} ${Object.entries(scores)
        .map(([k, s]) => `${k} ${f(s[i]!)}`)
        .join(' | ')}`,
    ),
  );
  const mean = (list: MaskScores[], key: keyof MaskScores) =>
    list.reduce((sum, s) => sum + s[key], 0) / list.length;
  const summary = Object.fromEntries(
    Object.entries(scores).map(([k, list]) => [
      k,
      { iou: mean(list, 'iou'), mae: mean(list, 'mae'), boundaryF: mean(list, 'boundaryF') },
    ]),
  );
  console.table(
    Object.fromEntries(
      Object.entries(summary).map(([k, s]) => [
        k,
        { IoU: s.iou.toFixed(4), MAE: s.mae.toFixed(5), 'boundary F': s.boundaryF.toFixed(4) },
      ]),
    ),
  );
  if (summary.fp32 && summary.int8) {
    const d = (key: 'iou' | 'mae' | 'boundaryF') => summary.int8![key] - summary.fp32![key];
    console.log(
      `int8 − fp32: IoU ${d('iou').toFixed(4)} (goal ≥ −0.003), MAE ${d('mae').toFixed(5)} (goal ≤ 0.0005), boundary F ${d('boundaryF').toFixed(4)}`,
    );
  }
  const better = (k: string, key: 'iou' | 'boundaryF') =>
    scores[k]!.filter((s, i) => s[key] > scores.imgly![i]![key]).length;
  for (const k of VARIANTS) {
    console.log(
      `${k} better than imgly on IoU in ${better(k, 'iou')}/${photos.length} images, on boundary F in ${better(k, 'boundaryF')}/${photos.length}`,
    );
  }
  await writeFile(
    path.join(outDir, 'quality.json'),
    JSON.stringify(
      {
        images: photos.length,
        summary,
        rows: photos.map((p, i) => ({
          image: p.name,
          ...Object.fromEntries(Object.entries(scores).map(([k, s]) => [k, s[i]])),
        })),
      },
      null,
      2,
    ),
  );
  // The box section runs at the machine's default precision, one pass.
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetSegmenter({ model: true });
}
