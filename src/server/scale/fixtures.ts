/** Shared set-up of the Redis-mode tests: a real Redis, a shared data folder, photos and masks. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { JobView } from '../../recipe/index.ts';
import { RedisResultStore } from '../jobs/redis-store.ts';
import type { JobRecord } from '../jobs/types.ts';
import { startNode, type NodeProcess } from '../testing/cluster.ts';
import { jobForm, postJob, samplePng } from '../testing/harness.ts';
import { startRedis, type TestRedis } from '../testing/redis.ts';

export const W = 160;
export const H = 120;
export const REQUEST = {
  operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
  output: { format: 'png' },
};

/** A one-channel PNG mask at W×H: a disc in the middle (what the editor sends after a touch-up). */
export function discMask(): Promise<Buffer> {
  const alpha = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) alpha[y * W + x] = (x - W / 2) ** 2 + (y - H / 2) ** 2 < 40 ** 2 ? 255 : 0;
  return sharp(alpha, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
}

export interface Cluster {
  redis: TestRedis;
  dataDir: string;
  nodes: NodeProcess[];
  start(role: NodeProcess['role'], env?: Record<string, string>): Promise<NodeProcess>;
  close(): Promise<void>;
}

/** Settings every process of a test cluster gets: short stalled-job detection, no request limits. */
export const TEST_ENV = {
  BACKDROP_JOB_LOCK_MS: '2000',
  BACKDROP_JOBS_PER_MINUTE: '100000',
  BACKDROP_RATE_LIMIT_PER_MINUTE: '100000',
  BACKDROP_LOCAL_CONCURRENCY: '1',
};

const MODELS = resolve(import.meta.dirname, '../../../.data/models');

export async function startCluster(): Promise<Cluster> {
  const redis = await startRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-scale-'));
  // The model cache is the repo's (.data/models, where the engine tests build it): in a fresh data folder
  // every cluster's first model pass would assemble the 176 MB model again, a minute of CPU here.
  mkdirSync(MODELS, { recursive: true });
  symlinkSync(MODELS, join(dataDir, 'models'));
  const nodes: NodeProcess[] = [];
  return {
    redis,
    dataDir,
    nodes,
    async start(role, env = {}) {
      const node = await startNode(role, { redisUrl: redis.url, dataDir }, { ...TEST_ENV, ...env });
      nodes.push(node);
      return node;
    },
    async close() {
      await Promise.all(nodes.map((node) => node.stop()));
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Posts a local job for `photo` (with `mask`: no model pass, the engine renders from the mask). */
export async function postLocal(url: string, photo: Buffer, mask?: Buffer): Promise<string> {
  const created = await postJob(
    url,
    jobForm({
      image: photo,
      dialect: 'claid',
      executor: 'local',
      request: REQUEST,
      ...(mask ? { mask } : {}),
    }),
  );
  if (created.status !== 202) throw new Error(`POST /api/jobs answered ${created.status}`);
  return created.body.id!;
}

export const photo = () => samplePng(W, H);

export async function view(url: string, id: string, wait = 0): Promise<JobView> {
  const res = await fetch(`${url}/api/jobs/${id}${wait ? `?wait=${wait}` : ''}`);
  return (await res.json()) as JobView;
}

/** A real Redis and a RedisResultStore on a fresh data folder, for tests in this process. */
export async function startStore(): Promise<{
  redis: TestRedis;
  store: RedisResultStore;
  dataDir: string;
  close(): Promise<void>;
}> {
  const redis = await startRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-redis-store-'));
  const store = await RedisResultStore.open(redis.url, dataDir, { maxBytes: 1e9, ttlSeconds: 3600 });
  return {
    redis,
    store,
    dataDir,
    async close() {
      await store.close();
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A queued local job's record with a 1×1 PNG input, created at `createdAt`. */
export const queuedRecord = (id: string, createdAt = new Date().toISOString()): JobRecord => ({
  view: {
    id,
    executor: 'local',
    dialect: 'claid',
    status: 'queued',
    progress: 0,
    warnings: [],
    timings: {},
    input: { type: 'image/png', width: 1, height: 1, bytes: 1 },
    previewAvailable: false,
    createdAt,
  },
  request: {},
  blobs: {},
});
