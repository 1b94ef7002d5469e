/**
 * The batch view's memory in real Chromium, with 300 photos of 2–12 MP (issue 11: "300 photos stay
 * smooth … the tab's memory stays bounded"). Measured on the production build served by the real
 * server, the batch run on Claid through the fake provider (so results come home as fast as the
 * server can make them):
 *  1. baseline: the app open, idle;
 *  2. ingest: 300 photos picked at once (disk-backed Files, as a user's picker gives them), until every
 *     thumbnail is made;
 *  3. scroll: the virtualised grid scrolled top to bottom and back;
 *  4. run: the batch run until every result is home (fetched, thumbnailed, stored in IndexedDB);
 *  5. settled: after a garbage collection.
 * Sampled every 250 ms: the tab's renderer process (RSS and PSS from /proc, as the OS counts it), its
 * JS heap (CDP Performance metrics) and the browser process (where Blob storage lives). Same-run ratio:
 * the same steps with 100 photos first, so "bounded" reads as growth per photo, not one absolute.
 * Writes bench/results/app-batch.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { ownChild } from '../src/server/testing/own-child.ts';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { chromiumExecutable, CHROMIUM_ARGS } from '../e2e/browser.ts';
import { encodeShare } from '../src/recipe/share.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_BATCH_PORT ?? 4398);
const KEY = 'bench-key-not-secret-0000';
const PHOTOS = 300;
const SMALL = 100;
const DISTINCT = 30;
const MB = 1024 * 1024;
// Made once and kept between runs (a new name when the way they are made changes).
const PHOTO_DIR = join(tmpdir(), 'backdrop-bench-batch-photos-v2');
/** JPEG results with a white background: what a catalogue usually wants, and quick for the fake to make. */
const REQUEST = {
  operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
  output: { format: 'jpeg' },
};

// `--fake-claid`: this file is also the fake provider's process; it prints its URL and stays up.
if (process.argv.includes('--fake-claid')) {
  const { startFakeClaid } = await import('../src/server/testing/index.ts');
  const fake = await startFakeClaid();
  console.log(`FAKE ${fake.url}`);
  await new Promise(() => {});
}

/** Product-like photos: a soft backdrop, a shadowed object, some texture; 2 to 12 MP, four aspect ratios. */
async function makePhotos(): Promise<string[]> {
  mkdirSync(PHOTO_DIR, { recursive: true });
  const aspects = [4 / 3, 3 / 4, 1, 3 / 2];
  const bases: string[] = [];
  for (let i = 0; i < DISTINCT; i++) {
    const megapixels = 2 + (10 * i) / (DISTINCT - 1);
    const aspect = aspects[i % aspects.length]!;
    const width = Math.round(Math.sqrt(megapixels * 1e6 * aspect));
    const height = Math.round((megapixels * 1e6) / width);
    const file = join(PHOTO_DIR, `base-${i}-${width}x${height}.jpg`);
    bases.push(file);
    if (existsSync(file)) continue;
    const hue = (i * 47) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><radialGradient id="g" cx="50%" cy="40%" r="70%"><stop offset="0" stop-color="hsl(${hue},30%,92%)"/>
      <stop offset="1" stop-color="hsl(${hue},25%,70%)"/></radialGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
      <ellipse cx="50%" cy="82%" rx="24%" ry="4%" fill="rgba(0,0,0,0.25)"/>
      <rect x="36%" y="25%" width="28%" height="55%" rx="${width * 0.03}" fill="hsl(${(hue + 180) % 360},55%,45%)"/>
      <circle cx="50%" cy="22%" r="${Math.min(width, height) * 0.06}" fill="hsl(${(hue + 90) % 360},50%,55%)"/></svg>`;
    await sharp(Buffer.from(svg))
      .composite([
        {
          input: {
            create: {
              width,
              height,
              channels: 3,
              background: '#808080',
              noise: { type: 'gaussian', mean: 128, sigma: 18 },
            },
          },
          blend: 'overlay',
        },
      ])
      .jpeg({ quality: 88 })
      .toFile(file);
  }
  const photos: string[] = [];
  for (let i = 0; i < PHOTOS; i++) {
    const name = join(PHOTO_DIR, `sku-${String(i + 1).padStart(3, '0')}.jpg`);
    if (!existsSync(name)) linkSync(bases[i % DISTINCT]!, name);
    photos.push(name);
  }
  return photos;
}

function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = ownChild(
    spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    }),
    { group: true },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`)),
    );
  });
}

const stopChild = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
};

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not answer ${url}.`);
}

/** RSS and PSS of a process in bytes, as the kernel counts them. */
function processMemory(pid: number): { rss: number; pss: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rss: kb('Rss'), pss: kb('Pss') };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

interface Sample {
  tabRss: number;
  tabPss: number;
  jsHeap: number;
  browserRss: number;
}

interface DumpArgs {
  process_totals?: { private_footprint_bytes?: string };
  allocators?: Record<string, { attrs?: { size?: { value?: string } } }>;
}

class Meter {
  samples: Sample[] = [];
  private timer?: ReturnType<typeof setInterval>;
  constructor(
    private browserCdp: CDPSession,
    private pageCdp: CDPSession,
  ) {}

  /** The renderer with the most memory is the tab's (a spare renderer may idle beside it). */
  async sample(): Promise<Sample> {
    const { processInfo } = (await this.browserCdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => processMemory(p.id));
    const tab = renderers.sort((a, b) => b.rss - a.rss)[0] ?? { rss: 0, pss: 0 };
    const browser = processInfo.find((p) => p.type === 'browser');
    const { metrics } = (await this.pageCdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    const jsHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const sample = {
      tabRss: tab.rss,
      tabPss: tab.pss,
      jsHeap,
      browserRss: browser ? processMemory(browser.id).rss : 0,
    };
    this.samples.push(sample);
    return sample;
  }

  /**
   * Where the tab's memory is, by Chromium's own accounting (a memory-infra dump, as chrome://tracing
   * takes it): MB per top-level allocator (discardable = decoded-image caches the browser may purge,
   * partition_alloc / malloc = Blink and C++ heaps, v8 = JavaScript) and the private footprint, which is
   * what Chrome's task manager shows.
   */
  async allocators(): Promise<Record<string, number>> {
    type TraceEvent = { ph: string; pid: number; args?: { dumps?: DumpArgs } };
    const events: TraceEvent[] = [];
    const collect = (e: { value: unknown[] }) => void events.push(...(e.value as TraceEvent[]));
    this.browserCdp.on('Tracing.dataCollected', collect);
    await this.browserCdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['disabled-by-default-memory-infra'] },
      transferMode: 'ReportEvents',
    });
    await this.browserCdp.send('Tracing.requestMemoryDump', {
      deterministic: true,
      levelOfDetail: 'detailed',
    });
    const complete = new Promise((r) => this.browserCdp.once('Tracing.tracingComplete', r));
    await this.browserCdp.send('Tracing.end');
    await complete;
    this.browserCdp.off('Tracing.dataCollected', collect);
    const { processInfo } = (await this.browserCdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const tab = processInfo
      .filter((p) => p.type === 'renderer')
      .sort((a, b) => processMemory(b.id).rss - processMemory(a.id).rss)[0];
    const dumps = events.filter((e) => e.pid === tab?.id && e.args?.dumps).map((e) => e.args!.dumps!);
    const out: Record<string, number> = {};
    for (const dump of dumps) {
      const footprint = dump.process_totals?.private_footprint_bytes;
      if (footprint) out.privateFootprint = mb(parseInt(footprint, 16));
      for (const [name, entry] of Object.entries(dump.allocators ?? {})) {
        if (name.includes('/')) continue;
        const size = mb(parseInt(entry.attrs?.size?.value ?? '0', 16));
        if (size >= 1) out[name] = size;
      }
    }
    return out;
  }

  start(): void {
    this.samples = [];
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 250);
  }

  stop(): Sample {
    clearInterval(this.timer);
    const peak = (key: keyof Sample) => Math.max(0, ...this.samples.map((s) => s[key]));
    return {
      tabRss: peak('tabRss'),
      tabPss: peak('tabPss'),
      jsHeap: peak('jsHeap'),
      browserRss: peak('browserRss'),
    };
  }
}

/** Counts item records in the batch's IndexedDB (what the view has made: thumbnails, results home). */
const COUNT_IN_PAGE = `(async () => {
  const db = await new Promise((res, rej) => { const r = indexedDB.open('backdrop-batch'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  if (!db.objectStoreNames.contains('items')) return { items: 0, thumbs: 0, saved: 0, done: 0, failed: 0 };
  const all = await new Promise((res, rej) => { const r = db.transaction('items').objectStore('items').getAll(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  db.close();
  return {
    items: all.length,
    thumbs: all.filter((i) => i.thumb).length,
    saved: all.filter((i) => i.resultSaved && i.resultThumb).length,
    done: all.filter((i) => i.status === 'done').length,
    failed: all.filter((i) => i.status === 'failed').length,
  };
})()`;

type Counts = { items: number; thumbs: number; saved: number; done: number; failed: number };

async function waitFor(
  page: Page,
  what: (c: Counts) => boolean,
  label: string,
  timeoutMs: number,
): Promise<Counts> {
  const deadline = Date.now() + timeoutMs;
  let counts: Counts = { items: 0, thumbs: 0, saved: 0, done: 0, failed: 0 };
  while (Date.now() < deadline) {
    counts = (await page.evaluate(COUNT_IN_PAGE)) as Counts;
    if (what(counts)) return counts;
    await page.waitForTimeout(500);
  }
  throw new Error(`Timed out waiting for ${label}: ${JSON.stringify(counts)}`);
}

async function scrollGrid(page: Page): Promise<void> {
  const grid = page.locator('.bg-scroll');
  for (const direction of [1, -1]) {
    for (let i = 0; i < 40; i++) {
      await grid.evaluate((el, d) => el.scrollBy(0, d * el.clientHeight * 0.8), direction);
      await page.waitForTimeout(60);
    }
  }
}

async function measure(browser: Browser, baseURL: string, photos: string[]) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const pageCdp = await context.newCDPSession(page);
  await pageCdp.send('Performance.enable');
  const meter = new Meter(await browser.newBrowserCDPSession(), pageCdp);
  await page.goto(`${baseURL}/#r=${encodeShare('claid', REQUEST)}`);
  await page.getByRole('region', { name: 'Run' }).waitFor();
  await page.waitForTimeout(1500);
  await pageCdp.send('HeapProfiler.collectGarbage');
  const baseline = await meter.sample();

  const t0 = Date.now();
  meter.start();
  await page.getByTestId('photo-file-input').setInputFiles(photos);
  await waitFor(page, (c) => c.items === photos.length && c.thumbs === photos.length, 'thumbnails', 600_000);
  const ingestMs = Date.now() - t0;
  const ingest = meter.stop();

  meter.start();
  await scrollGrid(page);
  const scroll = meter.stop();
  const imagesInDom = await page.locator('.bg-scroll img').count();

  const t1 = Date.now();
  meter.start();
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.getByTestId('batch-run').click();
  const finished = await waitFor(page, (c) => c.saved + c.failed >= photos.length, 'results', 1_200_000);
  const runMs = Date.now() - t1;
  const run = meter.stop();

  await page.waitForTimeout(2000);
  await pageCdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(1000);
  const settled = await meter.sample();
  const settledAllocators = await meter.allocators();
  await context.close();
  return {
    photos: photos.length,
    baseline,
    ingest,
    scroll,
    run,
    settled,
    settledAllocators,
    imagesInDom,
    ingestMs,
    runMs,
    finished,
  };
}

const mb = (bytes: number) => +(bytes / MB).toFixed(1);

function build() {
  if (process.env.BENCH_APP_SKIP_BUILD) return;
  const run = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('vite build failed');
}

build();
const photos = await makePhotos();
const inputBytes = photos.reduce((sum, p) => sum + readFileSync(p).length, 0);
const fake = await startChild(
  ['--import', 'tsx', 'bench/app-batch.bench.ts', '--fake-claid'],
  {},
  /FAKE (http:\/\/\S+)/,
);
const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-bench-batch-'));
const baseURL = `http://127.0.0.1:${PORT}`;
const server = await startChild(
  ['src/server/start.mjs'],
  {
    PORT: String(PORT),
    HOST: '127.0.0.1',
    CLAID_API_KEY: KEY,
    CLAID_BASE_URL: fake.match[1]!,
    BACKDROP_DATA_DIR: dataDir,
    BACKDROP_WARM_UP: '0',
    BACKDROP_RATE_LIMIT_PER_MINUTE: '1000000',
    BACKDROP_JOBS_PER_MINUTE: '1000000',
    BACKDROP_STORE_MAX_MB: '8192',
  },
  /./,
);
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
let small, full;
try {
  await waitForHealth(`${baseURL}/api/health`);
  small = await measure(browser, baseURL, photos.slice(0, SMALL));
  full = await measure(browser, baseURL, photos);
} finally {
  await browser.close();
  stopChild(server.child);
  stopChild(fake.child);
  rmSync(dataDir, { recursive: true, force: true });
}

const growth = (r: NonNullable<typeof full>) => ({
  peakTabRssMb: mb(Math.max(r.ingest.tabRss, r.scroll.tabRss, r.run.tabRss)),
  peakTabPssMb: mb(Math.max(r.ingest.tabPss, r.scroll.tabPss, r.run.tabPss)),
  peakJsHeapMb: mb(Math.max(r.ingest.jsHeap, r.scroll.jsHeap, r.run.jsHeap)),
  baselineTabRssMb: mb(r.baseline.tabRss),
  baselineJsHeapMb: mb(r.baseline.jsHeap),
  settledTabRssMb: mb(r.settled.tabRss),
  settledJsHeapMb: mb(r.settled.jsHeap),
  peakBrowserRssMb: mb(Math.max(r.ingest.browserRss, r.run.browserRss)),
  phases: Object.fromEntries(
    (['ingest', 'scroll', 'run'] as const).map((phase) => [
      phase,
      {
        peakTabRssMb: mb(r[phase].tabRss),
        peakJsHeapMb: mb(r[phase].jsHeap),
        peakBrowserRssMb: mb(r[phase].browserRss),
      },
    ]),
  ),
  settledAllocatorsMb: r.settledAllocators,
  imagesInDom: r.imagesInDom,
  ingestSeconds: +(r.ingestMs / 1000).toFixed(1),
  runSeconds: +(r.runMs / 1000).toFixed(1),
  finished: r.finished,
});
const result = {
  photos: PHOTOS,
  inputMb: mb(inputBytes),
  megapixels: '2–12',
  small: growth(small!),
  full: growth(full!),
  loadAverage: +loadavg()[0]!.toFixed(2),
};
const f = result.full;
const s = result.small;
const perPhoto = (f.peakTabRssMb - s.peakTabRssMb) / (PHOTOS - SMALL);
console.log(
  `Batch view, ${PHOTOS} photos of 2–12 MP (${result.inputMb} MB): tab (renderer) peak RSS ${f.peakTabRssMb} MB ` +
    `(PSS ${f.peakTabPssMb} MB; idle ${f.baselineTabRssMb} MB), JS heap peak ${f.peakJsHeapMb} MB, settled ${f.settledTabRssMb} MB RSS / ${f.settledJsHeapMb} MB heap`,
);
console.log(
  `  ${SMALL} photos in the same run: peak ${s.peakTabRssMb} MB RSS, JS heap ${s.peakJsHeapMb} MB → ${perPhoto.toFixed(2)} MB per extra photo; ` +
    `<img> in the DOM after scrolling: ${f.imagesInDom}; browser process peak ${f.peakBrowserRssMb} MB; ` +
    `ingest ${f.ingestSeconds} s, run ${f.runSeconds} s; load ${result.loadAverage}`,
);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'app-batch.json'), JSON.stringify(result, null, 2));
if (f.finished.items !== PHOTOS) process.exitCode = 1;
