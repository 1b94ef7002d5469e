/** Wires config into the store, the executors and the queue. Tests and main.ts both start here. */
import { decodableFormats } from '../engine/index.ts';
import type { ExecutorId } from '../recipe/index.ts';
import type { Config } from './config.ts';
import { providerServers } from './executors/providers.ts';
import { createLocalExecutor } from './executors/local.ts';
import { acceptedBy } from './executors/input-types.ts';
import type { Executor } from './executors/types.ts';
import { DiskResultStore } from './jobs/disk-store.ts';
import { MemoryJobQueue } from './jobs/memory-queue.ts';
import { batchHooks } from './jobs/batch/hooks.ts';
import { createJobProcessor } from './jobs/processor.ts';
import { recoverJobs } from './jobs/recovery.ts';
import type { JobQueue, ResultStore } from './jobs/types.ts';
import { createLogger, type Logger } from './log.ts';
import { Redactor } from './redaction.ts';

export interface Services {
  store: ResultStore;
  queue: JobQueue;
  executors: Map<ExecutorId, Executor>;
  log: Logger;
  version: string;
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
  const store = await DiskResultStore.open(config.dataDir, {
    maxBytes: config.storeMaxBytes,
    ttlSeconds: config.storeTtlSeconds,
  });
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
  const queue: JobQueue = new MemoryJobQueue(
    concurrency,
    createJobProcessor({
      store,
      executors,
      log,
      hooks,
      acceptFor,
      redactor,
      maxPixels: config.maxMegapixels * 1e6,
    }),
  );
  // The embedded queue lived in the previous process; the jobs it held are on disk: run them again.
  await recoverJobs(store, queue, log);
  const sweeper = setInterval(() => void store.sweep().catch(() => {}), options.sweepEveryMs ?? 10 * 60_000);
  sweeper.unref();
  void store.sweep().catch(() => {});
  return {
    store,
    queue,
    executors,
    log,
    version: process.env.npm_package_version ?? '0.1.0',
    async close() {
      clearInterval(sweeper);
      await queue.close();
      await store.close();
    },
  };
}
