/**
 * Finishing speed (issue 15 "Performance"): a shadow re-rendered from a cached mask — goal ≤ 60 ms at
 * 1024 px and ≤ 600 ms at 12 MP — for each kind, plus the whole finishing re-render of a cut-out (decode,
 * shadow, composite, encode: what PUT /api/jobs/:id/finish costs a provider's result). The mask is the
 * real model's, computed once on a sample photo and scaled to each size; nothing is segmented while timing.
 * Medians of RUNS runs (default 5), with the load average, ratios against a libvips blur of the same
 * mask measured in the same run, and CPU time (all threads), since this machine is shared.
 *   npm run bench:finishing          RUNS=15 npm run bench:finishing
 * Prints a table and writes bench/results/finishing-<time>.json.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { resolveFinish, toPlan, type Finish, type ResolvedShadow } from '../src/recipe/index.ts';
import { computeMask, finishResult } from '../src/engine/index.ts';
import { renderShadowLayer, type SilhouetteShadow } from '../src/engine/render/shadow.ts';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 5);
const SAMPLE = path.join(root, 'public/samples/perfume.jpg');
const SIZES = [
  { name: '1024 px', width: 820, height: 1024, goalMs: 60 },
  { name: '12 MP', width: 3000, height: 4000, goalMs: 600 },
];
const KINDS: Finish[] = [
  { shadow: { type: 'contact' } },
  { shadow: { type: 'cast' } },
  { shadow: { type: 'drop' } },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** CPU milliseconds (this process, all threads) of the last timeRuns call's runs, in order. */
let lastCpu: number[] = [];

async function timeRuns(work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm: JIT, libvips caches
  const times: number[] = [];
  lastCpu = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await work();
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    lastCpu.push((used.user + used.system) / 1000);
  }
  return times;
}

const photo = await readFile(SAMPLE);
console.log('finishing bench: one model pass for the mask…');
const mask = await computeMask(photo);
const rows: {
  size: string;
  kind: string;
  what: string;
  medianMs: number;
  /** CPU time: on a loaded shared machine wall time waits for the cores, CPU time much less so. */
  cpuMs: number;
  goalMs?: number;
  all: number[];
}[] = [];
const baselines: Record<string, number> = {};
const plan = toPlan('claid', {
  operations: { background: { remove: { category: 'products' }, color: 'transparent' } },
  output: { format: 'png' },
});

for (const size of SIZES) {
  const alpha = await sharp(mask.png)
    .resize(size.width, size.height, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const cutout = await sharp(photo)
    .resize(size.width, size.height, { fit: 'fill' })
    .joinChannel(alpha, { raw: { width: size.width, height: size.height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  // The whole re-render must take the cut-out's own alpha: an opaque one would time a model pass instead.
  if (!(await sharp(cutout).metadata()).hasAlpha) throw new Error('The bench cut-out lost its alpha.');
  // Baseline in the same run, for ratios on a shared machine: one libvips Gaussian blur of the mask.
  const baseline = median(
    await timeRuns(() =>
      sharp(alpha, { raw: { width: size.width, height: size.height, channels: 1 } })
        .blur(8)
        .raw()
        .toBuffer(),
    ),
  );
  baselines[size.name] = baseline;
  for (const finish of KINDS) {
    const shadow = resolveFinish(finish).shadow as ResolvedShadow;
    const layer = await timeRuns(() =>
      renderShadowLayer(alpha, size.width, size.height, shadow as SilhouetteShadow),
    );
    rows.push({
      size: size.name,
      kind: shadow.type,
      what: 'shadow from the cached mask',
      medianMs: median(layer),
      cpuMs: median(lastCpu),
      goalMs: size.goalMs,
      all: layer.map(round),
    });
    const whole = await timeRuns(() => finishResult({ result: cutout, finish, plan }));
    rows.push({
      size: size.name,
      kind: shadow.type,
      what: 'whole re-render of a cut-out (decode … PNG encode)',
      medianMs: median(whole),
      cpuMs: median(lastCpu),
      all: whole.map(round),
    });
  }
}

const load = loadavg()
  .map((n) => n.toFixed(1))
  .join(' ');
console.log(`finishing bench (RUNS=${RUNS}, medians; load ${load}; ${new Date().toISOString()})`);
for (const [size, ms] of Object.entries(baselines))
  console.log(
    `baseline ${size}: one libvips blur(8) of the mask ${round(ms)} ms (ratios below are against it)`,
  );
for (const row of rows) {
  const verdict =
    row.goalMs === undefined
      ? ''
      : row.medianMs <= row.goalMs
        ? `≤ ${row.goalMs} ms: met`
        : `> ${row.goalMs} ms: NOT met`;
  console.log(
    `${row.size.padEnd(8)} ${row.kind.padEnd(8)} ${row.what.padEnd(52)} ${`${round(row.medianMs)} ms`.padStart(10)} ${`${round(row.medianMs / baselines[row.size]!)}×`.padStart(7)} ${`cpu ${round(row.cpuMs)} ms`.padStart(14)}  ${verdict}`,
  );
}
const out = path.join(root, 'bench/results');
await mkdir(out, { recursive: true });
const file = path.join(out, `finishing-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(file, JSON.stringify({ runs: RUNS, load: loadavg(), baselines, rows }, null, 2));
console.log(`wrote ${path.relative(root, file)}`);
