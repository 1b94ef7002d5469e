/** Wires config into the store, the executors and the queue. Tests and main.ts both start here. */
import { decodableFormats } from '../engine/index.ts';
import type { ExecutorId } from '../recipe/index.ts';
import type { Config, Role } from './config.ts';
import { providerServers } from './executors/providers.ts';
import { createLocalExecutor } from './executors/local.ts';
import { acceptedBy } from './executors/input-types.ts';
import type { Executor } from './executors/types.ts';
import { BullJobQueue } from './jobs/bull-queue.ts';
import { DiskResultStore } from './jobs/disk-store.ts';
import { MemoryJobQueue } from './jobs/memory-queue.ts';
import { batchHooks } from './jobs/batch/hooks.ts';
import { createJobProcessor } from './jobs/processor.ts';
import { recoverJobs } from './jobs/recovery.ts';
import { RedisResultStore } from './jobs/redis-store.ts';
import type { JobQueue, ResultStore } from './jobs/types.ts';
import { createLogger, type Logger } from './log.ts';
import { Redactor } from './redaction.ts';

export interface Services {
  store: ResultStore;
  queue: JobQueue;
  executors: Map<ExecutorId, Executor>;
  log: Logger;
  version: string;
  /** Which part this process plays, and where job state lives. */
  mode: { role: Role; jobs: 'embedded' | 'redis' };
  /** False while the shared store (Redis) is unreachable; always true embedded. */
  ready(): boolean;
  close(): Promise<void>;
}

export interface ServiceOptions {
  log?: Logger;
  /** Replace executors (tests use a slow fake local executor to observe queueing). */
  executors?: Executor[];
  /** Shorter provider backoff for tests. */
  backoffMs?: number;
  sweepEveryMs?: number;
}

export async function createServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  const redactor = new Redactor(config.secrets());
  const log = options.log ?? createLogger(redactor);
  const limits = { maxBytes: config.storeMaxBytes, ttlSeconds: config.storeTtlSeconds };
  // REDIS_URL: records in Redis and blobs on the shared BACKDROP_DATA_DIR; else all on this disk.
  const store: ResultStore = config.redisUrl
    ? await RedisResultStore.open(config.redisUrl, config.dataDir, limits)
    : await DiskResultStore.open(config.dataDir, limits);
  const providerOptions = options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {};
  // Probed once, here at start, by decoding a sample of each format with the real decoder.
  const decodable = (await decodableFormats()).map((format) => format.mime);
  const list = options.executors ?? [
    createLocalExecutor(config, decodable),
    ...providerServers().map((server) => server.create(config, providerOptions)),
  ];
  const executors = new Map(list.map((e) => [e.id, e]));
  const concurrency = Object.fromEntries(list.map((e) => [e.id, e.concurrency(config)])) as Record<
    ExecutorId,
    number
  >;
  const acceptFor = (executor: Executor) => acceptedBy(executor, executors.values(), config);
  const hooks = batchHooks({
    store,
    queue: () => queue,
    label: (id) => executors.get(id as ExecutorId)?.label ?? id,
  });
  const processor = createJobProcessor({
    store,
    executors,
    log,
    hooks,
    acceptFor,
    redactor,
    maxPixels: config.maxMegapixels * 1e6,
  });
  const queue: JobQueue = config.redisUrl
    ? await BullJobQueue.open({
        url: config.redisUrl,
        store,
        log,
        lockMs: config.jobLockMs,
        // A provider's limit is its account's: shared by every worker. The engine's is per machine.
        lanes: list.map((e) => {
          const limit = e.concurrency(config);
          return e.id === 'local'
            ? { executor: e.id, concurrency: limit }
            : {
                executor: e.id,
                concurrency: Math.min(limit, config.workerConcurrency ?? Infinity),
                shared: limit,
              };
        }),
        ...(config.role === 'api' ? {} : { process: processor }),
      })
    : new MemoryJobQueue(concurrency, processor);
  // The embedded queue lived in the previous process; the jobs it held are on disk: run them again.
  if (!config.redisUrl) await recoverJobs(store, queue, log);
  const sweeper = setInterval(() => void store.sweep().catch(() => {}), options.sweepEveryMs ?? 10 * 60_000);
  sweeper.unref();
  void store.sweep().catch(() => {});
  return {
    store,
    queue,
    executors,
    log,
    version: process.env.npm_package_version ?? '0.1.0',
    mode: { role: config.role, jobs: config.redisUrl ? 'redis' : 'embedded' },
    ready: () => !(store instanceof RedisResultStore) || store.connected(),
    async close() {
      clearInterval(sweeper);
      await queue.close();
      await store.close();
    },
  };
}
