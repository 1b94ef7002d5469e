/**
 * JobQueue on BullMQ (REDIS_URL set): one BullMQ queue per executor, shared by every process. An API
 * process only adds jobs (no Worker); a worker process runs them with the same JobProcessor the
 * embedded queue uses, since all job state is in the (Redis) store.
 *
 * - Priorities: interactive jobs get BullMQ priority 1, batch items 2, so a waiting editor job starts
 *   before every waiting batch item, whichever process added it.
 * - Crashes: a worker that dies mid-job stops renewing its lock; after BACKDROP_JOB_LOCK_MS another
 *   worker's stalled-job check puts the job back and runs it (recovery.ts counts the crash and fails the
 *   job with a clear reason after MAX_CRASHES, before BullMQ's own limit could drop it silently).
 * - Cancel: published on a Redis channel; the worker that runs the job aborts it (its record is already
 *   `cancelled`, so a copy still waiting is skipped when it comes up).
 * - Provider concurrency: BullMQ's global concurrency on a provider's queue caps the jobs running at
 *   once across all workers, so N workers never exceed the provider's configured limit.
 * - Rate-limit holds (holdBatch): a Redis key per executor; a batch item that comes up while it holds is
 *   moved to BullMQ's delayed set until it ends.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ExecutorId } from '../../recipe/index.ts';
import type { Logger } from '../log.ts';
import { MAX_CRASHES, recoverCrashedJob } from './recovery.ts';
import { requestConnection, subscriberConnection } from './redis-connection.ts';
import { KEY_PREFIX } from './redis-store.ts';
import {
  SHUTDOWN,
  type EnqueueOptions,
  type JobPriority,
  type JobProcessor,
  type JobQueue,
  type QueueStats,
  type ResultStore,
} from './types.ts';

const CANCEL = `${KEY_PREFIX}:cancel`;
const PRIORITY: Record<JobPriority, number> = { interactive: 1, batch: 2 };
/** Waiting jobs whose place the queue reports (GET /api/jobs/:id's queuePosition); later ones: none. */
const POSITIONS = 1000;
const REFRESH_MS = 1000;
/** How long close() waits for BullMQ to let go (it waits for Redis, which may be away). */
const CLOSE_WAIT_MS = 3000;
/** The same warning (e.g. Redis refusing connections while it is away) is logged once per this many ms. */
const WARN_EVERY_MS = 30_000;

interface JobData {
  id: string;
  priority: JobPriority;
}

export interface Lane {
  executor: ExecutorId;
  /** Jobs one worker process runs at once. */
  concurrency: number;
  /** Provider lanes: jobs all workers together run at once (BullMQ global concurrency). */
  shared?: number;
}

export interface BullQueueOptions {
  url: string;
  lanes: Lane[];
  store: ResultStore;
  log: Logger;
  /** Present in processes that run jobs (roles `all` and `worker`). */
  process?: JobProcessor;
  /** Lock and stalled-check period, ms (BACKDROP_JOB_LOCK_MS). */
  lockMs: number;
}

/** The BullMQ job id: the record's id plus a unique run suffix (a job runs again after a touch-up). */
const bullId = (id: string) => `${id}.${randomUUID().slice(0, 8)}`;
const recordId = (jobId: string) => jobId.slice(0, jobId.lastIndexOf('.'));

export class BullJobQueue implements JobQueue {
  private readonly queues = new Map<ExecutorId, Queue<JobData>>();
  private readonly workers: Worker<JobData>[] = [];
  private readonly running = new Map<string, AbortController>();
  private snapshot = new Map<ExecutorId, { stats: QueueStats; order: string[] }>();
  private lastAsked = 0;
  private refreshing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly warned = new Map<string, number>();

  private constructor(
    private readonly options: BullQueueOptions,
    private readonly redis: Redis,
    private readonly subscriber: Redis | undefined,
  ) {}

  static async open(options: BullQueueOptions): Promise<BullJobQueue> {
    const redis = requestConnection(options.url, 'backdrop-queue');
    redis.on('error', () => {});
    // A Redis that restarted empty (no persistence) forgot the provider limits: set them again.
    redis.on('ready', () => void queue.applyLimits());
    const subscriber = options.process ? subscriberConnection(options.url, 'backdrop-cancel') : undefined;
    subscriber?.on('error', () => {});
    const queue = new BullJobQueue(options, redis, subscriber);
    for (const lane of options.lanes) {
      const bull = new Queue<JobData>(`${KEY_PREFIX}-${lane.executor}`, {
        connection: { url: options.url },
      });
      bull.on('error', (error) => queue.warn('queue', error));
      queue.queues.set(lane.executor, bull);
      queue.snapshot.set(lane.executor, {
        stats: {
          executor: lane.executor,
          running: 0,
          waiting: 0,
          concurrency: lane.shared ?? lane.concurrency,
        },
        order: [],
      });
    }
    await queue.applyLimits();
    if (subscriber) {
      subscriber.on('message', (_channel: string, id: string) =>
        queue.running.get(id)?.abort(new Error('Cancelled by the user.')),
      );
      await subscriber.subscribe(CANCEL);
      for (const lane of options.lanes) queue.startWorker(lane);
    }
    await queue.refresh();
    return queue;
  }

  /** BullMQ global concurrency on each provider queue: its limit across every worker. */
  private async applyLimits(): Promise<void> {
    try {
      for (const lane of this.options.lanes)
        if (lane.shared) await this.queues.get(lane.executor)?.setGlobalConcurrency(lane.shared);
    } catch (error) {
      this.warn('limits', error);
    }
  }

  private warn(where: string, error: unknown): void {
    const msg = `job ${where}: ${String((error as Error)?.message ?? error).slice(0, 200)}`;
    const now = Date.now();
    if (now - (this.warned.get(msg) ?? 0) < WARN_EVERY_MS) return;
    this.warned.set(msg, now);
    this.options.log({ level: 'warn', msg });
  }

  private startWorker(lane: Lane): void {
    const worker = new Worker<JobData>(
      `${KEY_PREFIX}-${lane.executor}`,
      (job, token) => this.run(lane.executor, job, token),
      {
        connection: { url: this.options.url, maxRetriesPerRequest: null },
        // Shown as a job's processedBy: which machine and process runs it.
        name: `${hostname()}:${process.pid}`,
        concurrency: Math.min(lane.concurrency, lane.shared ?? Infinity),
        lockDuration: this.options.lockMs,
        stalledInterval: this.options.lockMs,
        // Backdrop counts crashes itself (recovery.ts) and fails the job with a reason first.
        maxStalledCount: MAX_CRASHES + 2,
      },
    );
    worker.on('error', (error) => this.warn('worker', error));
    this.workers.push(worker);
  }

  /** One BullMQ job: recover a dead worker's job, honour a hold, run the processor, requeue if asked. */
  private async run(executor: ExecutorId, job: Job<JobData>, token: string | undefined): Promise<void> {
    const { id, priority } = job.data;
    let record = await this.options.store.get(id);
    if (record?.view.status === 'running') record = await recoverCrashedJob(this.options.store, id);
    if (record?.view.status !== 'queued') return;
    if (priority === 'batch') {
      const until = Number(await this.redis.get(holdKey(executor))) || 0;
      if (until > Date.now()) {
        await job.moveToDelayed(until, token);
        throw new DelayedError();
      }
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      await this.options.process!(id, controller.signal);
    } finally {
      this.running.delete(id);
    }
    // A rate-limited item (requeue) or a shutdown leaves the record queued: it goes back in line.
    const after = await this.options.store.get(id);
    if (after?.view.status === 'queued') await this.enqueue({ id, executor }, { priority, front: true });
  }

  async enqueue(job: { id: string; executor: ExecutorId }, options: EnqueueOptions = {}): Promise<void> {
    const queue = this.queues.get(job.executor);
    if (!queue) throw new Error(`No queue for executor ${job.executor}.`);
    const priority = options.priority ?? 'interactive';
    const until = priority === 'batch' ? Number(await this.redis.get(holdKey(job.executor))) || 0 : 0;
    await queue.add(
      'run',
      { id: job.id, priority },
      {
        jobId: bullId(job.id),
        priority: PRIORITY[priority],
        ...(until > Date.now() ? { delay: until - Date.now() } : {}),
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    );
  }

  position(id: string): number | undefined {
    this.asked();
    for (const { order } of this.snapshot.values()) {
      const at = order.indexOf(id);
      if (at !== -1) return at + 1;
    }
    return undefined;
  }

  cancel(id: string): boolean {
    // The record is already marked cancelled; whoever runs the job aborts it, a waiting copy is skipped.
    this.running.get(id)?.abort(new Error('Cancelled by the user.'));
    void this.redis.publish(CANCEL, id).catch((error: unknown) => this.warn('cancel', error));
    return true;
  }

  holdBatch(executor: ExecutorId, until: number): void {
    const ms = Math.ceil(until - Date.now());
    if (ms <= 0) return;
    // Only ever extended: SET with GT would need Redis 7, so compare first (a race shortens by ms at most).
    void this.redis
      .get(holdKey(executor))
      .then((current) =>
        Number(current) >= until ? undefined : this.redis.set(holdKey(executor), String(until), 'PX', ms),
      )
      .catch((error: unknown) => this.warn('hold', error));
  }

  stats(): QueueStats[] {
    this.asked();
    return [...this.snapshot.values()].map(({ stats }) => stats);
  }

  /** Positions and counts are read from Redis once a second while someone reads them. */
  private asked(): void {
    this.lastAsked = Date.now();
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      if (Date.now() - this.lastAsked > 10 * REFRESH_MS) {
        clearInterval(this.timer!);
        this.timer = null;
        return;
      }
      void this.refresh();
    }, REFRESH_MS);
    this.timer.unref();
  }

  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        for (const lane of this.options.lanes) {
          const queue = this.queues.get(lane.executor)!;
          const counts = await queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
          const ids = await queue.getRanges(['prioritized', 'waiting'], 0, POSITIONS - 1, true);
          const workers = lane.shared ? 0 : await queue.getWorkersCount();
          this.snapshot.set(lane.executor, {
            order: ids.map(recordId),
            stats: {
              executor: lane.executor,
              running: counts.active ?? 0,
              waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
              concurrency: lane.shared ?? lane.concurrency * Math.max(1, workers),
            },
          });
        }
      } catch (error) {
        this.warn('refresh', error);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async idle(): Promise<void> {
    for (;;) {
      await this.refresh();
      const busy = [...this.snapshot.values()].some(({ stats }) => stats.running + stats.waiting > 0);
      if (!busy && this.running.size === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    // Running jobs go back to `queued` (SHUTDOWN) and run() puts them back in line before the worker
    // lets go of them; Worker.close waits for that.
    for (const controller of this.running.values()) controller.abort(SHUTDOWN);
    const graceful = Promise.all([
      ...this.workers.map((worker) => worker.close()),
      ...[...this.queues.values()].map((queue) => queue.close()),
    ]);
    // With Redis away BullMQ would wait for it forever; a stopping process does not. Its jobs are then
    // found stalled by the other workers (or by this one when it starts again).
    const timer = new Promise((done) => setTimeout(done, CLOSE_WAIT_MS).unref());
    await Promise.race([graceful, timer]);
    for (const worker of this.workers) void worker.disconnect().catch(() => {});
    for (const queue of this.queues.values()) void queue.disconnect().catch(() => {});
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }
}

const holdKey = (executor: ExecutorId) => `${KEY_PREFIX}:hold:${executor}`;
