/**
 * BFF benchmarks. The server, the fake Claid and this client each run in their own process, as a real
 * browser, BFF and provider would (a fake in the client's own process would make the direct baseline
 * skip every cross-process hop and flatter it).
 * 1. Added latency: the same edit (upload → fake Claid → download result) called directly on the fake
 *    (the baseline, in the same run) versus through the BFF (POST /api/jobs, poll, GET result).
 *    Goal: median added ≤ 10 ms.
 * 2. Memory: 20 concurrent 25 MB uploads (real PNGs, through the whole job to done). Goal: the server's
 *    resident memory grows ≤ 150 MB over its idle baseline.
 * Writes bench/results/server-<time>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ownChild } from '../src/server/testing/own-child.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startFakeClaid } from '../src/server/testing/index.ts';
import { processMemory, startServerProcess, stopProcess } from './server-process.ts';

const KEY = 'bench-key-not-secret-0000';
const MB = 1024 * 1024;
const request = {
  operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
  output: { format: 'jpeg' },
};

// `--fake-claid`: this file is also the fake provider's process; it prints its URL and stays up.
if (process.argv.includes('--fake-claid')) {
  const fake = await startFakeClaid();
  console.log(`FAKE ${fake.url}`);
  await new Promise(() => {});
}

async function startFake(): Promise<{ url: string; close: () => void }> {
  const child = ownChild(
    spawn(process.execPath, ['--import', 'tsx', 'bench/server.bench.ts', '--fake-claid'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /FAKE (http:\/\/\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`fake exited with ${code}`)));
  });
  return { url, close: () => child.kill('SIGTERM') };
}

const fake = await startFake();
const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-bench-'));

function startServer(): Promise<{ url: string; child: ChildProcess }> {
  return startServerProcess({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    CLAID_API_KEY: KEY,
    CLAID_BASE_URL: fake.url,
    BACKDROP_DATA_DIR: dataDir,
    BACKDROP_RATE_LIMIT_PER_MINUTE: '1000000',
    BACKDROP_JOBS_PER_MINUTE: '1000000',
    // This measures the BFF; the engine's model (loaded by the warm-up) is not part of it.
    BACKDROP_WARM_UP: '0',
  });
}

const stop = stopProcess;
const rssBytes = (pid: number) => processMemory(pid);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

function form(fields: Record<string, string | Blob>): FormData {
  const f = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') f.append(name, value);
    else f.append(name, value, 'photo.png');
  }
  return f;
}

async function direct(image: Blob): Promise<void> {
  const res = await fetch(`${fake.url}/v1-beta1/image/edit/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
    body: form({ file: image, data: JSON.stringify(request) }),
  });
  const body = (await res.json()) as { data: { output: { tmp_url: string } } };
  await (await fetch(body.data.output.tmp_url)).arrayBuffer();
}

async function viaBff(url: string, image: Blob): Promise<void> {
  const res = await fetch(`${url}/api/jobs`, {
    method: 'POST',
    body: form({ image, dialect: 'claid', executor: 'claid', request: JSON.stringify(request) }),
  });
  const { id } = (await res.json()) as { id: string };
  // POST + one long-polling GET of the result: the same number of client requests as the direct call.
  const result = await fetch(`${url}/api/jobs/${id}/result?wait=20000`);
  if (result.status !== 200) throw new Error(`result answered ${result.status}: ${await result.text()}`);
  await result.arrayBuffer();
}

async function latency(): Promise<Record<string, number>> {
  const png = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#c0c4d0' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="512" height="512"><circle cx="256" cy="256" r="150" fill="#c33"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
  const image = new Blob([new Uint8Array(png)], { type: 'image/png' });
  const { url, child } = await startServer();
  const timings = { direct: [] as number[], bff: [] as number[], rtt: [] as number[] };
  for (let i = 0; i < 5; i++) {
    await direct(image);
    await viaBff(url, image);
  }
  for (let i = 0; i < 60; i++) {
    // Interleaved, so drift on the shared machine hits both sides alike.
    let start = performance.now();
    await direct(image);
    timings.direct.push(performance.now() - start);
    start = performance.now();
    await viaBff(url, image);
    timings.bff.push(performance.now() - start);
    // A request the server answers with no work: the machine's loopback round-trip floor right now.
    start = performance.now();
    await (await fetch(`${url}/api/health`)).arrayBuffer();
    timings.rtt.push(performance.now() - start);
  }
  await stop(child);
  const result = {
    directMedianMs: median(timings.direct),
    directP95Ms: p95(timings.direct),
    bffMedianMs: median(timings.bff),
    bffP95Ms: p95(timings.bff),
    addedMedianMs: median(timings.bff) - median(timings.direct),
    loopbackRttMedianMs: median(timings.rtt),
    loadAverage1m: loadavg()[0]!,
  };
  console.log(`latency, 512×512 PNG, ${timings.direct.length} runs each (interleaved):`);
  console.log(
    `  direct to fake Claid (baseline)   median ${result.directMedianMs.toFixed(1)} ms   p95 ${result.directP95Ms.toFixed(1)} ms`,
  );
  console.log(
    `  through the BFF (POST + GET result?wait) median ${result.bffMedianMs.toFixed(1)} ms   p95 ${result.bffP95Ms.toFixed(1)} ms`,
  );
  console.log(
    `  added by the BFF: median ${result.addedMedianMs.toFixed(1)} ms (goal ≤ 10 ms), ratio ${(result.bffMedianMs / result.directMedianMs).toFixed(2)}×`,
  );
  console.log(
    `  context: loopback round trip to the BFF (GET /api/health) median ${result.loopbackRttMedianMs.toFixed(1)} ms; 1-min load average ${result.loadAverage1m.toFixed(1)} on ${cpus().length} cores`,
  );
  return result;
}

async function memory(): Promise<Record<string, number>> {
  // Noise does not compress: an uncompressed-PNG of 2880×2880 is ~24.9 MB, just under the 25 MB limit.
  const side = 2880;
  const noise = Buffer.alloc(side * side * 3);
  let seed = 1;
  for (let i = 0; i < noise.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    noise[i] = seed >>> 24;
  }
  const png = await sharp(noise, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  if (png.length > 25 * MB) throw new Error(`sample is ${png.length} bytes, over the limit`);
  const image = new Blob([new Uint8Array(png)], { type: 'image/png' });
  const { url, child } = await startServer();
  const pid = child.pid!;
  // Warm up the code paths with one small job, then settle.
  await viaBff(
    url,
    new Blob([
      new Uint8Array(
        await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
          .png()
          .toBuffer(),
      ),
    ]),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const baseline = rssBytes(pid);
  let peakUploads = baseline;
  let peakAll = baseline;
  let uploading = true;
  const sampler = setInterval(() => {
    const rss = rssBytes(pid);
    if (uploading) peakUploads = Math.max(peakUploads, rss);
    peakAll = Math.max(peakAll, rss);
  }, 10);
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const res = await fetch(`${url}/api/jobs`, {
        method: 'POST',
        body: form({ image, dialect: 'claid', executor: 'claid', request: JSON.stringify(request) }),
      });
      if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    }),
  );
  uploading = false;
  const uploadSeconds = (performance.now() - started) / 1000;
  for (const id of ids) {
    for (;;) {
      const view = (await (await fetch(`${url}/api/jobs/${id}`)).json()) as {
        status: string;
        error?: unknown;
      };
      if (view.status === 'done') break;
      if (view.status !== 'queued' && view.status !== 'running')
        throw new Error(`job ${view.status}: ${JSON.stringify(view.error)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const totalSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await stop(child);
  const result = {
    uploadBytes: png.length,
    baselineRssMb: baseline / MB,
    uploadPhaseGrowthMb: (peakUploads - baseline) / MB,
    wholeRunGrowthMb: (peakAll - baseline) / MB,
    uploadSeconds,
    totalSeconds,
  };
  console.log(
    `\nmemory, 20 concurrent uploads of ${(png.length / MB).toFixed(1)} MB (real PNGs, jobs run to done on fake Claid):`,
  );
  console.log(`  server RSS baseline ${result.baselineRssMb.toFixed(0)} MB`);
  console.log(
    `  growth while uploading: ${result.uploadPhaseGrowthMb.toFixed(0)} MB (all 202 after ${uploadSeconds.toFixed(1)} s)`,
  );
  console.log(
    `  growth over the whole run: ${result.wholeRunGrowthMb.toFixed(0)} MB (all done after ${totalSeconds.toFixed(1)} s), goal ≤ 150 MB`,
  );
  return result;
}

try {
  const only = process.argv[2];
  const lat = only === 'memory' ? { addedMedianMs: NaN } : await latency();
  const mem = only === 'latency' ? { wholeRunGrowthMb: NaN } : await memory();
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    `bench/results/server-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    JSON.stringify({ latency: lat, memory: mem }, null, 2),
  );
  const ok = !(lat.addedMedianMs! > 10) && !(mem.wholeRunGrowthMb! > 150);
  console.log(
    `\n${ok ? 'PASS' : 'FAIL'}: added latency ${lat.addedMedianMs!.toFixed(1)} ms (≤ 10), RSS growth ${mem.wholeRunGrowthMb!.toFixed(0)} MB (≤ 150)`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}
