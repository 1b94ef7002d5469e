import { Worker } from 'node:worker_threads';
import { SegmentationError, unlessAborted, type SegmentationErrorCode } from './errors.ts';
import type { Operations } from './worker-ops.ts';

type Input<K extends keyof Operations> = Parameters<Operations[K]>[0];
type Output<K extends keyof Operations> = Awaited<ReturnType<Operations[K]>>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const KNOWN_CODES = new Set<string>(['cancelled', 'model-config', 'model-load', 'bad-image']);

/**
 * A lazily started worker thread running segmentation-worker.mjs; jobs run there one at a time, in
 * order. An idle worker is unref'd so it never keeps the process alive.
 */
export class WorkerChannel {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private nextStage = 1;
  private readonly pending = new Map<number, Pending>();

  private start(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    const worker = new Worker(new URL('./segmentation-worker.mjs', import.meta.url));
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on(
        'message',
        (message: {
          ready?: true;
          id?: number;
          result?: unknown;
          error?: { message: string; code?: string };
        }) => {
          if (message.ready) {
            if (this.pending.size === 0) worker.unref();
            return resolve();
          }
          const job = this.pending.get(message.id!);
          if (!job) return;
          this.pending.delete(message.id!);
          if (this.pending.size === 0) worker.unref();
          if (!message.error) return job.resolve(message.result);
          const code = (
            KNOWN_CODES.has(message.error.code ?? '') ? message.error.code : 'model-load'
          ) as SegmentationErrorCode;
          job.reject(new SegmentationError(code, message.error.message));
        },
      );
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
      this.worker = null;
      this.ready = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) =>
      fail(new SegmentationError('model-load', `segmentation worker exited (code ${code})`)),
    );
    return this.ready;
  }

  async call<K extends keyof Operations>(op: K, input: Input<K>, signal?: AbortSignal): Promise<Output<K>> {
    await unlessAborted(this.start(), signal); // a cold start can take a second; do not make a cancel wait
    const worker = this.worker!;
    const id = this.nextId++;
    const result = new Promise<Output<K>>((resolve, reject) =>
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject }),
    );
    worker.ref(); // keep the process alive only while work is outstanding
    worker.postMessage({ id, op, input });
    // Work already handed over finishes anyway (ORT runs and pixel loops are not interruptible); the
    // caller just stops waiting.
    return unlessAborted(result, signal);
  }

  /**
   * Copies a large buffer into the worker in 4 MB slices with an event-loop turn between them, so no
   * single postMessage clones tens of megabytes on the main thread. Returns the key to pass instead.
   */
  async stage(bytes: Uint8Array, signal?: AbortSignal): Promise<number> {
    const key = this.nextStage++;
    const slice = 4 * 1024 * 1024;
    try {
      for (let offset = 0; offset < bytes.length || offset === 0; offset += slice) {
        if (offset > 0) await new Promise((resolve) => setImmediate(resolve));
        // Posting a subarray would clone its whole backing buffer; copy the slice out first.
        const part = new Uint8Array(bytes.subarray(offset, offset + slice));
        await this.call('stageSlice', { key, total: bytes.length, offset, bytes: part }, signal);
        if (bytes.length === 0) break;
      }
    } catch (error) {
      void this.call('dropStaged', [key]).catch(() => undefined);
      throw error;
    }
    return key;
  }

  /** Whether a worker is started (calls to a stopped channel start one). */
  get running(): boolean {
    return this.worker !== null;
  }

  warmUp(): Promise<void> {
    return this.start();
  }

  /** Ends the worker (and whatever model it holds); the next call starts a fresh one. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    for (const job of this.pending.values())
      job.reject(new SegmentationError('cancelled', 'segmentation worker stopped'));
    this.pending.clear();
    await worker?.terminate();
  }
}
