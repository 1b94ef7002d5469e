/**
 * In-process JobQueue: one lane per executor with its own concurrency limit. Each lane keeps two FIFO
 * lists: interactive jobs (a photo the user is tuning) start before any waiting batch item, so a batch of
 * hundreds never makes the editor wait for more than the items already running.
 */
import type { ExecutorId } from '../../recipe/index.ts';
import {
  SHUTDOWN,
  type EnqueueOptions,
  type JobPriority,
  type JobProcessor,
  type JobQueue,
  type QueueStats,
} from './types.ts';

interface Lane {
  concurrency: number;
  interactive: string[];
  batch: string[];
  running: Map<string, { controller: AbortController; priority: JobPriority }>;
  /** Batch items do not start before this time (ms since epoch): the provider asked us to slow down. */
  batchHeldUntil: number;
  holdTimer: NodeJS.Timeout | null;
}

export class MemoryJobQueue implements JobQueue {
  private readonly lanes = new Map<ExecutorId, Lane>();
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    concurrency: Record<ExecutorId, number>,
    private readonly process: JobProcessor,
  ) {
    for (const [executor, limit] of Object.entries(concurrency) as [ExecutorId, number][]) {
      this.lanes.set(executor, {
        concurrency: Math.max(1, limit),
        interactive: [],
        batch: [],
        running: new Map(),
        batchHeldUntil: 0,
        holdTimer: null,
      });
    }
  }

  enqueue(job: { id: string; executor: ExecutorId }, options: EnqueueOptions = {}): void {
    if (this.closed) throw new Error('The job queue is closed.');
    const lane = this.lanes.get(job.executor);
    if (!lane) throw new Error(`No queue lane for executor ${job.executor}.`);
    const list = options.priority === 'batch' ? lane.batch : lane.interactive;
    if (options.front) list.unshift(job.id);
    else list.push(job.id);
    this.pump(lane);
  }

  position(id: string): number | undefined {
    for (const lane of this.lanes.values()) {
      const interactive = lane.interactive.indexOf(id);
      if (interactive !== -1) return interactive + 1;
      const batch = lane.batch.indexOf(id);
      if (batch !== -1) return lane.interactive.length + batch + 1;
    }
    return undefined;
  }

  cancel(id: string): boolean {
    for (const lane of this.lanes.values()) {
      for (const list of [lane.interactive, lane.batch]) {
        const at = list.indexOf(id);
        if (at === -1) continue;
        list.splice(at, 1);
        this.notifyIdle();
        return true;
      }
      const controller = lane.running.get(id)?.controller;
      if (controller) {
        controller.abort(new Error('Cancelled by the user.'));
        return true;
      }
    }
    return false;
  }

  holdBatch(executor: ExecutorId, until: number): void {
    const lane = this.lanes.get(executor);
    if (!lane || until <= lane.batchHeldUntil) return;
    lane.batchHeldUntil = until;
    if (lane.holdTimer) clearTimeout(lane.holdTimer);
    lane.holdTimer = setTimeout(() => {
      lane.holdTimer = null;
      if (!this.closed) this.pump(lane);
    }, until - Date.now());
    lane.holdTimer.unref();
  }

  stats(): QueueStats[] {
    return [...this.lanes].map(([executor, lane]) => ({
      executor,
      running: lane.running.size,
      waiting: lane.interactive.length + lane.batch.length,
      concurrency: lane.concurrency,
    }));
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((done) => this.idleWaiters.push(done));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) {
      // Waiting jobs stay `queued` in the store; the next start runs them (see recovery.ts).
      lane.interactive.length = 0;
      lane.batch.length = 0;
      if (lane.holdTimer) clearTimeout(lane.holdTimer);
      for (const { controller } of lane.running.values()) controller.abort(SHUTDOWN);
    }
    await this.idle();
  }

  private next(lane: Lane): { id: string; priority: JobPriority } | undefined {
    if (lane.interactive.length > 0) return { id: lane.interactive.shift()!, priority: 'interactive' };
    if (lane.batch.length > 0 && Date.now() >= lane.batchHeldUntil)
      return { id: lane.batch.shift()!, priority: 'batch' };
    return undefined;
  }

  private pump(lane: Lane): void {
    while (lane.running.size < lane.concurrency) {
      const next = this.next(lane);
      if (next === undefined) break;
      const { id, priority } = next;
      const controller = new AbortController();
      lane.running.set(id, { controller, priority });
      // Started on the next turn so the route's 202 goes out before the job's first work.
      // The processor records its own failures in the store; a throw here is a bug, never fatal.
      void new Promise<void>((start) => setImmediate(start))
        .then(() => this.process(id, controller.signal))
        .catch((error: unknown) => {
          console.error(
            JSON.stringify({ level: 'error', msg: 'job processor threw', id, error: String(error) }),
          );
        })
        .then((outcome) => {
          lane.running.delete(id);
          if (outcome?.requeue && !this.closed)
            (priority === 'batch' ? lane.batch : lane.interactive).unshift(id);
          if (!this.closed) this.pump(lane);
          this.notifyIdle();
        });
    }
  }

  private isIdle(): boolean {
    return [...this.lanes.values()].every(
      (lane) => lane.running.size === 0 && lane.interactive.length === 0 && lane.batch.length === 0,
    );
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const done of this.idleWaiters.splice(0)) done();
  }
}
