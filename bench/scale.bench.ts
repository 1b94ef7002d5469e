/**
 * Redis mode (issue #17), real processes, a real redis-server on a loopback port, the fake Claid in this
 * process (the same for both sides of every comparison):
 * 1. Per-job overhead of Redis mode over the embedded mode: one `all` process each, the same provider job
 *    (POST + long-polled result) against the fake with no latency, alternated in rounds. Goal: median
 *    difference ≤ 15 ms.
 * 2. Provider throughput with one and two workers behind one API: 40 jobs at once, fake latency 300 ms,
 *    BACKDROP_WORKER_CONCURRENCY=2 per worker under a shared Claid limit of 16. Goal: ≥ 1.8×.
 * 3. Engine throughput with one and two workers (BACKDROP_LOCAL_CONCURRENCY=1 each): local jobs with a
 *    given mask (decode, refine, composite, encode — no model pass), 640×480. On 2 cores: not 2×.
 * `--quick` halves the counts. Writes bench/results/scale-<time>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startNode, stopAllNodes, type NodeProcess } from '../src/server/testing/cluster.ts';
import { startFakeClaid } from '../src/server/testing/index.ts';
import { startRedis } from '../src/server/testing/redis.ts';

const quick = process.argv.includes('--quick');
const scale = (n: number) => (quick ? Math.ceil(n / 2) : n);
const request = { operations: { background: { remove: true } }, output: { format: 'png' } };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const claid = await startFakeClaid();
const redis = await startRedis();
const dirs: string[] = [];

const baseEnv = {
  CLAID_API_KEY: 'bench-key-not-secret-0000',
  CLAID_BASE_URL: claid.url,
  BACKDROP_FETCH_ALLOW_HOSTS: '127.0.0.1',
  BACKDROP_RATE_LIMIT_PER_MINUTE: '1000000',
  BACKDROP_JOBS_PER_MINUTE: '1000000',
};

async function node(
  role: NodeProcess['role'],
  dataDir: string,
  env: Record<string, string>,
): Promise<NodeProcess> {
  return startNode(role, { redisUrl: redis.url, dataDir }, { ...baseEnv, ...env });
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backdrop-bench-scale-'));
  dirs.push(dir);
  return dir;
}

function form(fields: Record<string, string | Blob>): FormData {
  const f = new FormData();
  for (const [name, value] of Object.entries(fields))
    if (typeof value === 'string') f.append(name, value);
    else f.append(name, value, `${name}.png`);
  return f;
}

async function runJob(url: string, fields: Record<string, string | Blob>): Promise<void> {
  const res = await fetch(`${url}/api/jobs`, { method: 'POST', body: form(fields) });
  if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const result = await fetch(`${url}/api/jobs/${id}/result?wait=25000`);
  if (result.status !== 200) throw new Error(`result answered ${result.status}: ${await result.text()}`);
  await result.arrayBuffer();
}

const png = async (w: number, h: number) =>
  new Blob(
    [
      new Uint8Array(
        await sharp({ create: { width: w, height: h, channels: 3, background: '#c0c4d0' } })
          .composite([
            {
              input: Buffer.from(
                `<svg width="${w}" height="${h}"><circle cx="${w / 2}" cy="${h / 2}" r="${h / 3}" fill="#c33"/></svg>`,
              ),
            },
          ])
          .png()
          .toBuffer(),
      ),
    ],
    { type: 'image/png' },
  );

async function overhead(): Promise<Record<string, number>> {
  const image = await png(256, 256);
  const provider = { image, dialect: 'claid', executor: 'claid', request: JSON.stringify(request) };
  // Embedded: REDIS_URL empty (unset). Redis: the same process kind with REDIS_URL.
  const embedded = await node('all', freshDir(), { REDIS_URL: '' });
  const shared = await node('all', freshDir(), {});
  const times = { embedded: [] as number[], redis: [] as number[] };
  for (let i = 0; i < 5; i++) {
    await runJob(embedded.url, provider);
    await runJob(shared.url, provider);
  }
  for (let round = 0; round < scale(40); round++) {
    for (const [name, server] of [
      ['embedded', embedded],
      ['redis', shared],
    ] as const) {
      const t0 = performance.now();
      await runJob(server.url, provider);
      times[name].push(performance.now() - t0);
    }
  }
  await Promise.all([embedded.stop(), shared.stop()]);
  const result = { embeddedMedianMs: median(times.embedded), redisMedianMs: median(times.redis) };
  return { ...result, overheadMs: result.redisMedianMs - result.embeddedMedianMs };
}

/** Seconds for `count` jobs posted at once through an API with `workers` workers. */
async function throughput(
  workers: number,
  count: number,
  fields: Record<string, string | Blob>,
  env: Record<string, string>,
): Promise<number> {
  const dir = freshDir();
  const api = await node('api', dir, env);
  const nodes = await Promise.all(Array.from({ length: workers }, () => node('worker', dir, env)));
  await runJob(api.url, fields); // warm: connections, first decode
  const t0 = performance.now();
  await Promise.all(Array.from({ length: count }, () => runJob(api.url, fields)));
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all([api, ...nodes].map((n) => n.stop()));
  return seconds;
}

/**
 * Stops everything this bench started: every server (also those still starting), Redis, the fake, the data folders. Runs on the way out, after an error and on a signal;
 * should the bench die without it, testing/server-process.ts and testing/redis.ts SIGKILL what is left.
 */
async function cleanUp(): Promise<void> {
  await stopAllNodes();
  await redis.stop();
  await claid.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

// The server processes run in their own process groups, out of reach of the terminal's Ctrl-C.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.once(signal, () => {
    console.error(`bench:scale: ${signal}, stopping the servers and Redis it started`);
    void cleanUp().finally(() => process.exit(130));
  });

const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, loadBefore: loadavg()[0] },
};
try {
  results.overhead = await overhead();
  console.log('overhead', results.overhead);

  claid.latency(300);
  const providerEnv = { BACKDROP_CLAID_CONCURRENCY: '16', BACKDROP_WORKER_CONCURRENCY: '2' };
  const image = await png(256, 256);
  const provider = { image, dialect: 'claid', executor: 'claid', request: JSON.stringify(request) };
  const p1 = await throughput(1, scale(40), provider, providerEnv);
  const p2 = await throughput(2, scale(40), provider, providerEnv);
  results.provider = { jobs: scale(40), oneWorkerS: p1, twoWorkersS: p2, speedup: p1 / p2 };
  console.log('provider', results.provider);
  claid.latency(0);

  const photo = await png(640, 480);
  const alpha = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#000' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="640" height="480"><circle cx="320" cy="240" r="160" fill="#fff"/></svg>',
        ),
      },
    ])
    .toColourspace('b-w')
    .png()
    .toBuffer();
  const local = {
    image: photo,
    mask: new Blob([new Uint8Array(alpha)], { type: 'image/png' }),
    dialect: 'claid',
    executor: 'local',
    request: JSON.stringify({
      operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
      output: { format: 'png' },
    }),
  };
  const localEnv = { BACKDROP_LOCAL_CONCURRENCY: '1', BACKDROP_WARM_UP: '0' };
  const e1 = await throughput(1, scale(30), local, localEnv);
  const e2 = await throughput(2, scale(30), local, localEnv);
  results.engine = { jobs: scale(30), oneWorkerS: e1, twoWorkersS: e2, speedup: e1 / e2 };
  console.log('engine', results.engine);
  (results.machine as Record<string, number>).loadAfter = loadavg()[0]!;
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
  console.log(`written to ${file}`);
} finally {
  await cleanUp();
}
