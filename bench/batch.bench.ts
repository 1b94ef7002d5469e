/**
 * Batch benchmarks (issue 11), each judged by a ratio or a difference measured in the same run:
 * 1. Speed: a local batch of 100 photos of ~1024 px through POST /api/batches on the real server. Time
 *    per item (wall time of the whole batch / items) against the bare model pass (one ISNet 1024² run in
 *    the engine's own worker, measured in this process before and after the batch while the server idles).
 *    Goal: ≤ 1.25×. Beside it, images per minute of the batch and of one-by-one interactive runs
 *    (POST /api/jobs + GET result?wait, with the editor's quick preview).
 * 2. Memory: the server's peak RSS (VmHWM) after one single job, and after the 100-item batch.
 *    Goal: the batch adds ≤ 100 MB.
 * 3. Archive: the server's RSS while a client downloads the ZIP of 300 results (resize-only batch, ~1 MB
 *    PNGs). Goal: ≤ 50 MB growth over its RSS just before.
 * The server runs as `npm start` runs it (main.ts with the allocator tuning), with its default local
 * concurrency unless --local-concurrency N. Linux only (reads /proc). Writes bench/results/batch-<time>.json.
 *
 * Run: npm run bench:batch [-- --items 100 --zip-items 300 --local-concurrency N --quick]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  needsAllocatorRelaunch,
  relaunchWithAllocatorTuning,
  withAllocatorTuning,
} from '../src/engine/allocator-tuning.ts';
import { PRECISION_SETTING } from '../src/engine/segmentation/precision.ts';
import { MODEL_SETTING } from '../src/engine/segmentation/registry.ts';
import { WorkerChannel } from '../src/engine/segmentation/worker-pool.ts';
import { BACKDROP_KINDS, renderSynthetic } from '../src/engine/testing/synthetic-products.ts';
import { PRODUCT_KINDS } from '../src/engine/testing/synthetic-shapes.ts';
import type { BatchCreated, BatchView, JobView } from '../src/recipe/index.ts';
import { processMemory, startServerProcess, stopProcess } from './server-process.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const QUICK = process.argv.includes('--quick');
const ITEMS = arg('items', QUICK ? 6 : 100);
const ZIP_ITEMS = arg('zip-items', QUICK ? 12 : 300);
const ONE_BY_ONE = QUICK ? 2 : 10;
const BARE_PASSES = QUICK ? 2 : 5;
const LOCAL_CONCURRENCY = arg('local-concurrency', 0);
const MB = 1024 * 1024;

const removeRequest = {
  operations: { background: { remove: true, color: 'transparent' } },
  output: { format: 'png' },
};
const resizeRequest = {
  operations: { resizing: { width: 1024, height: 1024, fit: 'canvas' } },
  output: { format: 'png' },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** ~1024 px product photos, no two alike (the engine would answer repeats from nothing, but be safe). */
async function makePhotos(count: number): Promise<Buffer[]> {
  const photos: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const landscape = i % 3 === 1;
    const [width, height] = landscape ? [1024, 768] : i % 3 === 2 ? [768, 1024] : [1024, 1024];
    const photo = await renderSynthetic({
      kind: PRODUCT_KINDS[i % PRODUCT_KINDS.length]!,
      backdrop: BACKDROP_KINDS[i % BACKDROP_KINDS.length]!,
      seed: 100 + i,
      width,
      height,
    });
    photos.push(
      await sharp(photo.image, { raw: { width, height, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
  return photos;
}

function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return startServerProcess(
    withAllocatorTuning({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      BACKDROP_DATA_DIR: dataDir,
      BACKDROP_RATE_LIMIT_PER_MINUTE: '1000000',
      BACKDROP_JOBS_PER_MINUTE: '1000000',
      BACKDROP_STORE_MAX_MB: '100000',
      ...(LOCAL_CONCURRENCY > 0 ? { BACKDROP_LOCAL_CONCURRENCY: String(LOCAL_CONCURRENCY) } : {}),
    }),
  );
}

const blob = (data: Buffer) => new Blob([new Uint8Array(data)], { type: 'image/jpeg' });

async function singleJob(url: string, photo: Buffer): Promise<JobView> {
  const form = new FormData();
  form.append('image', blob(photo), 'photo.jpg');
  form.append('dialect', 'claid');
  form.append('executor', 'local');
  form.append('request', JSON.stringify(removeRequest));
  const { id } = (await (await fetch(`${url}/api/jobs`, { method: 'POST', body: form })).json()) as {
    id: string;
  };
  for (;;) {
    const view = (await (await fetch(`${url}/api/jobs/${id}?wait=20000`)).json()) as JobView;
    if (view.status === 'queued' || view.status === 'running') continue;
    if (view.status !== 'done') throw new Error(`job ended ${view.status}: ${JSON.stringify(view.error)}`);
    await (await fetch(`${url}/api/jobs/${id}/result`)).arrayBuffer();
    return view;
  }
}

async function runBatch(
  url: string,
  photos: Buffer[],
  request: object,
): Promise<{ view: BatchView; ms: number }> {
  const form = new FormData();
  form.append('dialect', 'claid');
  form.append('executor', 'local');
  form.append('request', JSON.stringify(request));
  photos.forEach((photo, i) => form.append('images', blob(photo), `photo-${i}.jpg`));
  const started = performance.now();
  const res = await fetch(`${url}/api/batches`, { method: 'POST', body: form });
  if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as BatchCreated;
  for (;;) {
    const view = (await (await fetch(`${url}/api/batches/${id}?limit=1&wait=20000`)).json()) as BatchView;
    if (view.status !== 'running') {
      if (view.counts.done !== photos.length)
        throw new Error(`batch ended with ${JSON.stringify(view.counts)}`);
      return { view, ms: performance.now() - started };
    }
  }
}

/** Each engine stage's median over the batch's items (ms): where an item's time goes beside the model. */
async function stageMedians(url: string, id: string, items: number): Promise<Record<string, number>> {
  const view = (await (await fetch(`${url}/api/batches/${id}?limit=${items}`)).json()) as BatchView;
  const stages = new Map<string, number[]>();
  for (const item of view.items)
    for (const [stage, ms] of Object.entries(item.timings ?? {}))
      stages.set(stage, [...(stages.get(stage) ?? []), ms]);
  return Object.fromEntries([...stages].map(([stage, values]) => [stage, Math.round(median(values))]));
}

/** Median of `count` bare model passes (1024² RGB in, mask out) in the engine's own worker. */
async function bareModelPass(channel: WorkerChannel, photo: Buffer, count: number): Promise<number[]> {
  const rgb = await sharp(photo).resize(1024, 1024, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await channel.call('runModel', { rgb, size: 1024 });
    times.push(performance.now() - started);
  }
  return times;
}

/** Downloads the archive as fast as the client can, sampling the server's RSS every 20 ms. */
async function downloadArchive(url: string, id: string, pid: number) {
  const before = processMemory(pid, 'VmRSS');
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, processMemory(pid, 'VmRSS'))), 20);
  const started = performance.now();
  const res = await fetch(`${url}/api/batches/${id}/archive`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  clearInterval(sampler);
  peak = Math.max(peak, processMemory(pid, 'VmRSS'));
  const declared = Number(res.headers.get('content-length'));
  if (bytes !== declared) throw new Error(`archive: ${bytes} bytes received, ${declared} declared`);
  return {
    bytes,
    files: Number(res.headers.get('x-backdrop-files')),
    ms: performance.now() - started,
    before,
    peak,
  };
}

async function main() {
  console.log(
    `batch bench: ${ITEMS} items, archive of ${ZIP_ITEMS}; load ${loadavg()[0]!.toFixed(1)}; making photos…`,
  );
  const photos = await makePhotos(Math.max(ITEMS, ONE_BY_ONE + 1));
  const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-batch-bench-'));
  const channel = new WorkerChannel();
  const { url, child } = await startServer(dataDir);
  try {
    const pid = child.pid!;
    await channel.call('loadModel', {
      model: process.env[MODEL_SETTING],
      precision: process.env[PRECISION_SETTING],
    });
    // 1. One single job: the peak a server reaches for one photo (model load included).
    await singleJob(url, photos[0]!);
    const singlePeak = processMemory(pid, 'VmHWM');
    // One by one, as the editor runs them (quick preview, then the full result).
    const started = performance.now();
    for (let i = 1; i <= ONE_BY_ONE; i++) await singleJob(url, photos[i]!);
    const oneByOnePerMin = (ONE_BY_ONE / (performance.now() - started)) * 60_000;
    const afterOneByOne = processMemory(pid, 'VmHWM');
    const bareBefore = await bareModelPass(channel, photos[0]!, BARE_PASSES);
    // 2. The batch.
    const batch = await runBatch(url, photos.slice(0, ITEMS), removeRequest);
    const batchPeak = processMemory(pid, 'VmHWM');
    const bareAfter = await bareModelPass(channel, photos[0]!, BARE_PASSES);
    const stages = await stageMedians(url, batch.view.id, ITEMS);
    await channel.stop();
    const bare = median([...bareBefore, ...bareAfter]);
    const perItem = batch.ms / ITEMS;
    // 3. The archive of many results (resize only: the ZIP is what is measured, not the model).
    const zipPhotos = Array.from({ length: ZIP_ITEMS }, (_, i) => photos[i % photos.length]!);
    const zipBatch = await runBatch(url, zipPhotos, resizeRequest);
    const archive = await downloadArchive(url, zipBatch.view.id, pid);

    const results = {
      load: loadavg(),
      items: ITEMS,
      localConcurrency: LOCAL_CONCURRENCY || 'server default',
      speed: {
        bareModelPassMs: bare,
        bareModelPassesMs: [...bareBefore, ...bareAfter].map(Math.round),
        batchMs: Math.round(batch.ms),
        perItemMs: Math.round(perItem),
        ratio: perItem / bare,
        batchImagesPerMinute: (ITEMS / batch.ms) * 60_000,
        oneByOneImagesPerMinute: oneByOnePerMin,
        itemStageMediansMs: stages,
      },
      memory: {
        singleJobPeakMb: singlePeak / MB,
        afterOneByOnePeakMb: afterOneByOne / MB,
        batchPeakMb: batchPeak / MB,
        batchAddsMb: (batchPeak - singlePeak) / MB,
      },
      archive: {
        files: archive.files,
        bytesMb: archive.bytes / MB,
        seconds: archive.ms / 1000,
        rssBeforeMb: archive.before / MB,
        rssPeakMb: archive.peak / MB,
        growthMb: (archive.peak - archive.before) / MB,
      },
    };
    const f = (n: number, digits = 0) => n.toFixed(digits);
    console.log(`bare model pass (1024², median of ${BARE_PASSES * 2}): ${f(bare)} ms`);
    console.log(
      `batch of ${ITEMS}: ${f(batch.ms / 1000, 1)} s, ${f(perItem)} ms per item = ${f(results.speed.ratio, 2)}× the bare pass (goal ≤ 1.25×); ${f(results.speed.batchImagesPerMinute, 1)} images/min vs ${f(oneByOnePerMin, 1)} one by one`,
    );
    console.log(
      `an item's engine stages (median ms): ${Object.entries(stages)
        .map(([stage, ms]) => `${stage} ${ms}`)
        .join(', ')}`,
    );
    console.log(
      `server peak RSS: ${f(singlePeak / MB)} MB after one job, ${f(afterOneByOne / MB)} after ${ONE_BY_ONE} more, ${f(batchPeak / MB)} after the batch: +${f(results.memory.batchAddsMb)} MB (goal ≤ 100)`,
    );
    console.log(
      `archive of ${archive.files} results (${f(archive.bytes / MB)} MB) in ${f(archive.ms / 1000, 1)} s: server RSS ${f(archive.before / MB)} → peak ${f(archive.peak / MB)} MB, +${f(results.archive.growthMb)} MB (goal ≤ 50)`,
    );
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/batch-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, JSON.stringify(results, null, 2));
    console.log(`wrote ${file}`);
    const ok =
      results.speed.ratio <= 1.25 && results.memory.batchAddsMb <= 100 && results.archive.growthMb <= 50;
    process.exitCode = ok ? 0 : 1;
  } finally {
    await channel.stop();
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Measure the bare pass in a process tuned as the server is (see src/engine/allocator-tuning.ts).
if (needsAllocatorRelaunch()) relaunchWithAllocatorTuning();
else await main();
