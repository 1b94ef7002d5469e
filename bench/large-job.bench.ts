/**
 * Memory of one 49 MP job through the real server: a generated 8000×6125 JPEG is uploaded to
 * `node src/server/start.mjs` (as `npm start` runs it, allocator tuning included) and run on the local
 * engine (remove the background, white backdrop) to done. Reports the server process's resident memory
 * before, its peak (VmHWM, the kernel's high-water mark, and 20 ms samples), the growth while the upload is
 * received (to the 202) and the peak of each stage of the full-size run (the job's stage polled every 50 ms:
 * `decoding` is what the decode path holds, against one decoded copy of 8000×6125×3 bytes), and at rest 2 s
 * and 15 s after the job. The engine's memory is its own benchmark's business (bench:engine); this shows what a
 * user's server holds for the largest photo it accepts (BACKDROP_MAX_MEGAPIXELS=50).
 * Writes bench/results/large-job-<time>.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import sharp from 'sharp';
import { startServerProcess } from '../src/server/testing/server-process.ts';

const MB = 1024 * 1024;
const WIDTH = 8000;
const HEIGHT = 6125;

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? (Number(match[1]) * 1024) / MB : NaN;
}

/** A product-like photo: a lit backdrop, a rounded box with a label, mild sensor noise; JPEG q90. */
async function photo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <defs><radialGradient id="bg" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#f1ede6"/>
    <stop offset="1" stop-color="#b9b3a8"/></radialGradient>
    <linearGradient id="box" x1="0" x2="1"><stop offset="0" stop-color="#2d5a8c"/><stop offset="1" stop-color="#16324f"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#bg)"/>
    <ellipse cx="4000" cy="5050" rx="2100" ry="260" fill="#000" opacity="0.25"/>
    <rect x="2300" y="1300" width="3400" height="3800" rx="260" fill="url(#box)"/>
    <rect x="2800" y="2500" width="2400" height="1000" rx="80" fill="#f4c542"/>
    <circle cx="4000" cy="1900" r="380" fill="#e9eef4"/></svg>`;
  const base = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  const noise = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 6 },
    },
  })
    .raw()
    .toBuffer();
  const { data, info } = base;
  for (let i = 0, j = 0; i < data.length; i += info.channels, j += 3)
    for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, data[i + c]! + noise[j + c]! - 128));
  return sharp(data, { raw: { width: WIDTH, height: HEIGHT, channels: info.channels } })
    .removeAlpha()
    .jpeg({ quality: 90 })
    .toBuffer();
}

const jpeg = await photo();
console.log(`generated ${WIDTH}×${HEIGHT} JPEG, ${(jpeg.length / MB).toFixed(1)} MB`);
const server = await startServerProcess(
  // The stage poll below asks ~20 times a second; the per-client limit must not refuse it.
  { BACKDROP_MAX_UPLOAD_MB: '100', BACKDROP_WARM_UP: '1', BACKDROP_RATE_LIMIT_PER_MINUTE: '100000' },
  120_000,
);
try {
  const pid = server.serverPid();
  // Let the warm-up load the model first (RSS steady for 3 s), so "before" is the idle server a user has;
  // and at least 30 s: on a loaded machine the model's load pauses long enough to look steady (a "before"
  // of 0.97 GB that fell to 0.45 GB once the job started).
  let before = status(pid, 'VmRSS');
  for (let steady = 0, i = 0; (steady < 6 || i < 60) && i < 240; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = status(pid, 'VmRSS');
    steady = Math.abs(now - before) < 2 ? steady + 1 : 0;
    before = now;
  }
  let sampledPeak = before;
  let uploadPeak = before;
  let uploading = true;
  /** The job's stage as last polled; the quick 512 px preview's stages are kept apart from the full run's. */
  let stage = 'upload';
  const stagePeaks = new Map<string, number>();
  const stageStarts = new Map<string, number>();
  const sampler = setInterval(() => {
    const rss = status(pid, 'VmRSS');
    sampledPeak = Math.max(sampledPeak, rss);
    if (uploading) uploadPeak = Math.max(uploadPeak, rss);
    stagePeaks.set(stage, Math.max(stagePeaks.get(stage) ?? 0, rss));
    if (!stageStarts.has(stage)) stageStarts.set(stage, rss);
  }, 20);
  let polling = true;
  const pollStages = async (id: string) => {
    while (polling) {
      const job = (await (await fetch(`${server.url}/api/jobs/${id}`)).json()) as {
        stage?: string;
        progress: number;
      };
      // The local executor maps the preview into progress 0.05–0.30 and the full run into 0.30–1.
      if (job.stage) stage = job.progress < 0.3 ? `preview ${job.stage}` : job.stage;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'large.jpg');
  form.append('dialect', 'claid');
  form.append('executor', 'local');
  form.append('request', JSON.stringify({ operations: { background: { remove: true, color: '#FFFFFF' } } }));
  const started = performance.now();
  const created = await fetch(`${server.url}/api/jobs`, { method: 'POST', body: form });
  if (created.status !== 202) throw new Error(`upload answered ${created.status}: ${await created.text()}`);
  // Until the 202 the server has only received, checked (header only) and stored the upload.
  uploading = false;
  const { id } = (await created.json()) as { id: string };
  const polled = pollStages(id);
  const result = await fetch(`${server.url}/api/jobs/${id}/result?wait=25000`);
  let view = (await (await fetch(`${server.url}/api/jobs/${id}?wait=25000`)).json()) as {
    status: string;
    error?: unknown;
  };
  while (view.status === 'queued' || view.status === 'running')
    view = (await (await fetch(`${server.url}/api/jobs/${id}?wait=25000`)).json()) as typeof view;
  await result.arrayBuffer().catch(() => undefined);
  if (view.status !== 'done') throw new Error(`job ${view.status}: ${JSON.stringify(view.error)}`);
  const seconds = (performance.now() - started) / 1000;
  const output = Buffer.from(await (await fetch(`${server.url}/api/jobs/${id}/result`)).arrayBuffer());
  const meta = await sharp(output).metadata();
  clearInterval(sampler);
  polling = false;
  await polled;
  const peak = Math.max(status(pid, 'VmHWM'), sampledPeak);
  await new Promise((r) => setTimeout(r, 2000));
  const rest2 = status(pid, 'VmRSS');
  await new Promise((r) => setTimeout(r, 13_000));
  const rest15 = status(pid, 'VmRSS');
  const report = {
    inputMb: jpeg.length / MB,
    output: `${meta.width}×${meta.height} ${meta.format}`,
    jobSeconds: seconds,
    rssBeforeMb: before,
    uploadGrowthMb: uploadPeak - before,
    decodedCopyMb: (WIDTH * HEIGHT * 3) / MB,
    /** Peak RSS over the idle server while the job was in each stage (polled, so ±50 ms at the edges). */
    stageGrowthMb: Object.fromEntries([...stagePeaks].map(([name, rss]) => [name, rss - before])),
    /** What the full-size decode added: its peak over the RSS at its first sample. */
    decodeGrowthMb: (stagePeaks.get('decoding') ?? NaN) - (stageStarts.get('decoding') ?? NaN),
    peakRssMb: peak,
    restingRssAfter2sMb: rest2,
    restingRssAfter15sMb: rest15,
    loadAverage1m: loadavg()[0],
    cores: cpus().length,
  };
  console.log(
    `49 MP job (${WIDTH}×${HEIGHT} JPEG, ${report.inputMb.toFixed(1)} MB) through the real server, local engine:`,
  );
  console.log(`  job ${seconds.toFixed(1)} s → ${report.output}`);
  console.log(`  server RSS before ${before.toFixed(0)} MB (model loaded), peak ${peak.toFixed(0)} MB`);
  console.log(`  growth while receiving the upload (to the 202): ${report.uploadGrowthMb.toFixed(0)} MB`);
  console.log(
    `  peak growth per stage (one decoded copy = ${report.decodedCopyMb.toFixed(0)} MB): ` +
      Object.entries(report.stageGrowthMb)
        .map(([name, mb]) => `${name} +${mb.toFixed(0)}`)
        .join(', ') +
      ' MB',
  );
  console.log(
    `  the full-size decode itself added ${report.decodeGrowthMb.toFixed(0)} MB (peak over its start)`,
  );
  console.log(`  at rest: ${rest2.toFixed(0)} MB after 2 s, ${rest15.toFixed(0)} MB after 15 s`);
  console.log(`  context: 1-min load average ${report.loadAverage1m!.toFixed(1)} on ${report.cores} cores`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    `bench/results/large-job-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    JSON.stringify(report, null, 2),
  );
} finally {
  await server.close();
}
