/**
 * Memory of a real server over many mixed jobs (issue 10). Starts `node src/server/start.mjs` as `npm start`
 * does (allocator tuning included) through src/server/testing/server-process.ts and reads the resident size
 * (VmRSS) of the process that runs the jobs:
 *   - after the warm-up job (model loaded),
 *   - after every 10 of `--jobs` mixed local jobs (default 100: photos of 0.3, 1, 2, 5 and 12 MP × five edits
 *     a designer makes, in both dialects), with the peak so far (VmHWM),
 *   - `--rest` seconds (default 20) after the last job.
 * Goals: no growth (the last checkpoint within 64 MB of the first), ≤ 600 MB at rest. The peak of one 48 MP
 * job is bench:large-job's business. Extra server settings come from the environment, so a setting can be
 * compared: `BACKDROP_MASK_CACHE_MB=0 npm run bench:soak -- --jobs 30`. Writes bench/results/soak-<time>.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { startServerProcess, type ServerProcess } from '../src/server/testing/server-process.ts';

const root = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
};
const JOBS = arg('jobs', 100);
const REST_SECONDS = arg('rest', 20);

/** Five kinds of edit a designer makes, in both dialects. */
const EDITS: { dialect: 'claid' | 'deep-image'; request: object }[] = [
  {
    dialect: 'claid',
    request: {
      operations: { background: { remove: true, color: 'transparent' } },
      output: { format: 'png' },
    },
  },
  {
    dialect: 'claid',
    request: { operations: { background: { remove: true, color: '#FFFFFF' } }, output: { format: 'jpeg' } },
  },
  { dialect: 'claid', request: { operations: { background: { blur: { type: 'lens', level: 'high' } } } } },
  {
    dialect: 'deep-image',
    request: { background: { generate: { description: 'studio', item_area_percentage: 0.5 } } },
  },
  {
    dialect: 'deep-image',
    request: {
      width: 800,
      height: 800,
      fit: { crop: 'item' },
      background: { remove: 'auto' },
      output_format: 'webp',
    },
  },
];
/** Photo sizes: 0.3, 1, 2, 5 and 12 MP, each from a different sample. */
const SIZES: [number, number, string][] = [
  [640, 480, 'sneaker.jpg'],
  [1200, 900, 'perfume.jpg'],
  [1600, 1200, 'mug.jpg'],
  [2600, 1950, 'headphones.jpg'],
  [4000, 3000, 'white-bottle.jpg'],
];

async function photo([width, height, file]: [number, number, string]): Promise<Buffer> {
  return sharp(readFileSync(join(root, 'public/samples', file)))
    .resize(width, height, { fit: 'fill' })
    .jpeg({ quality: 88 })
    .toBuffer();
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/**
 * The process that serves: of the start.mjs processes for this data dir, the one started by another of
 * them (start.mjs starts Node again under allocator tuning), else the only one.
 */
function serverPid(dataDir: string): number {
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'latin1');
    } catch {
      return '';
    }
  };
  const mine = readdirSync('/proc').filter(
    (pid) =>
      /^\d+$/.test(pid) &&
      read(pid, 'cmdline').includes('start.mjs') &&
      read(pid, 'environ').split('\0').includes(`BACKDROP_DATA_DIR=${dataDir}`),
  );
  // /proc/PID/stat: "pid (comm) state ppid …"
  const parentOf = (pid: string) => /\) \S+ (\d+)/.exec(read(pid, 'stat'))?.[1] ?? '';
  const server =
    mine.find((pid) => mine.includes(parentOf(pid))) ?? (mine.length === 1 ? mine[0] : undefined);
  if (!server) throw new Error(`no server process for ${dataDir} (found ${mine.join(', ') || 'none'})`);
  return Number(server);
}

async function runJob(url: string, image: Buffer, edit: (typeof EDITS)[number]): Promise<void> {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'photo.jpg');
  form.append('dialect', edit.dialect);
  form.append('executor', 'local');
  form.append('request', JSON.stringify(edit.request));
  const created = await fetch(`${url}/api/jobs`, { method: 'POST', body: form });
  const { id, error } = (await created.json()) as { id?: string; error?: { message: string } };
  if (!id) throw new Error(`job refused: ${error?.message}`);
  for (;;) {
    const view = (await (await fetch(`${url}/api/jobs/${id}?wait=25000`)).json()) as {
      status: string;
      error?: { message: string };
    };
    if (view.status === 'done') break;
    if (view.status !== 'queued' && view.status !== 'running')
      throw new Error(`job ${id} ${view.status}: ${view.error?.message}`);
  }
  await (await fetch(`${url}/api/jobs/${id}/result`)).arrayBuffer();
}

// The server runs in its own process group: stopping this bench (Ctrl-C, a test's SIGTERM) stops it too.
const running: { server?: ServerProcess; stopping?: true } = {};
const stop = () => {
  running.stopping = true;
  if (running.server) void running.server.close().then(() => process.exit(143));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
const photos = await Promise.all(SIZES.map(photo));
const server = await startServerProcess(
  {
    BACKDROP_RATE_LIMIT_PER_MINUTE: '1000000',
    BACKDROP_JOBS_PER_MINUTE: '1000000',
    BACKDROP_WARM_UP: '0',
    CLAID_API_KEY: '',
    DEEP_IMAGE_API_KEY: '',
  },
  120_000,
);
running.server = server;
if (running.stopping) stop();
try {
  const pid = serverPid(server.dataDir);
  await runJob(server.url, photos[0]!, EDITS[0]!); // loads the model; not counted
  const warm = status(pid, 'VmRSS');
  console.log(`server pid ${pid}; after the warm-up job (model loaded): RSS ${warm} MB`);
  const checkpoints: { jobs: number; rssMb: number; peakMb: number }[] = [];
  for (let i = 1; i <= JOBS; i++) {
    // Sizes and edits cycle out of step, so every size meets every edit over 25 jobs.
    await runJob(server.url, photos[i % SIZES.length]!, EDITS[Math.floor(i / SIZES.length) % EDITS.length]!);
    if (i % 10 === 0 || i === JOBS) {
      const point = { jobs: i, rssMb: status(pid, 'VmRSS'), peakMb: status(pid, 'VmHWM') };
      checkpoints.push(point);
      console.log(
        `after ${String(i).padStart(3)} jobs: RSS ${point.rssMb} MB (peak so far ${point.peakMb} MB)`,
      );
    }
  }
  await new Promise((r) => setTimeout(r, REST_SECONDS * 1000));
  const rest = status(pid, 'VmRSS');
  console.log(`${REST_SECONDS} s after the last job: RSS ${rest} MB`);
  const first = checkpoints[0]?.rssMb ?? NaN;
  const last = checkpoints.at(-1)?.rssMb ?? NaN;
  const goals = {
    [`RSS ${REST_SECONDS} s after the last job ≤ 600 MB`]: rest <= 600,
    'no growth over the jobs (last checkpoint ≤ first + 64 MB)': last <= first + 64,
  };
  for (const [goal, met] of Object.entries(goals)) console.log(`${met ? 'met    ' : 'NOT MET'}  ${goal}`);
  const settings = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => /^BACKDROP_|^GLIBC_TUNABLES$/.test(key)),
  );
  const results = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, load: loadavg() },
    settings,
    jobs: JOBS,
    warmRssMb: warm,
    checkpoints,
    restRssMb: rest,
    restSeconds: REST_SECONDS,
    goals,
  };
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `soak-${Date.now()}.json`), JSON.stringify(results, null, 2));
} finally {
  await server.close();
}
