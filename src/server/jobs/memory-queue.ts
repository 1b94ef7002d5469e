/** In-process JobQueue: one FIFO lane per executor with its own concurrency limit. */
import type { ExecutorId } from '../../recipe/index.ts';
import type { JobProcessor, JobQueue, QueueStats } from './types.ts';

interface Lane {
  concurrency: number;
  waiting: string[];
  running: Map<string, AbortController>;
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
      this.lanes.set(executor, { concurrency: Math.max(1, limit), waiting: [], running: new Map() });
    }
  }

  enqueue(job: { id: string; executor: ExecutorId }): void {
    if (this.closed) throw new Error('The job queue is closed.');
    const lane = this.lanes.get(job.executor);
    if (!lane) throw new Error(`No queue lane for executor ${job.executor}.`);
    lane.waiting.push(job.id);
    this.pump(lane);
  }

  position(id: string): number | undefined {
    for (const lane of this.lanes.values()) {
      const at = lane.waiting.indexOf(id);
      if (at !== -1) return at + 1;
    }
    return undefined;
  }

  cancel(id: string): boolean {
    for (const lane of this.lanes.values()) {
      const at = lane.waiting.indexOf(id);
      if (at !== -1) {
        lane.waiting.splice(at, 1);
        this.notifyIdle();
        return true;
      }
      const controller = lane.running.get(id);
      if (controller) {
        controller.abort(new Error('Cancelled by the user.'));
        return true;
      }
    }
    return false;
  }

  stats(): QueueStats[] {
    return [...this.lanes].map(([executor, lane]) => ({
      executor,
      running: lane.running.size,
      waiting: lane.waiting.length,
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
      lane.waiting.length = 0;
      for (const controller of lane.running.values())
        controller.abort(new Error('The server is shutting down.'));
    }
    await this.idle();
  }

  private pump(lane: Lane): void {
    while (lane.running.size < lane.concurrency && lane.waiting.length > 0) {
      const id = lane.waiting.shift()!;
      const controller = new AbortController();
      lane.running.set(id, controller);
      // Started on the next turn so the route's 202 goes out before the job's first work.
      // The processor records its own failures in the store; a throw here is a bug, never fatal.
      void new Promise<void>((start) => setImmediate(start))
        .then(() => this.process(id, controller.signal))
        .catch((error: unknown) =>
          console.error(
            JSON.stringify({ level: 'error', msg: 'job processor threw', id, error: String(error) }),
          ),
        )
        .finally(() => {
          lane.running.delete(id);
          this.pump(lane);
          this.notifyIdle();
        });
    }
  }

  private isIdle(): boolean {
    return [...this.lanes.values()].every((lane) => lane.running.size === 0 && lane.waiting.length === 0);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const done of this.idleWaiters.splice(0)) done();
  }
}
