import { Worker } from 'node:worker_threads';
import { SegmentationError, throwIfAborted } from './errors.ts';
import type { ForegroundInput } from './foreground.ts';
import type { GuidedInput } from './guided-filter.ts';

/**
 * One long-lived worker thread for the full-resolution per-pixel loops, so the Node main thread (the
 * BFF's event loop) stays free while a job refines a 12 MP mask. Jobs queue inside the worker; the
 * machine has two cores and onnxruntime already uses both, so one worker is the right count.
 */
type Operation = { guidedUpsample: GuidedInput; estimateForegroundColors: ForegroundInput };

interface Pending {
  resolve: (value: Uint8Array) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let ready: Promise<void> | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error) {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
  worker = null;
  ready = null;
}

function ensureWorker(): Promise<void> {
  if (worker && ready) return ready;
  const created = new Worker(new URL('./refine-worker.mjs', import.meta.url));
  worker = created;
  ready = new Promise<void>((resolve, reject) => {
    created.once('error', reject);
    created.on('message', (message: { ready?: true; id?: number; result?: Uint8Array; error?: string }) => {
      if (message.ready) {
        if (pending.size === 0) created.unref();
        return resolve();
      }
      const job = pending.get(message.id!);
      if (!job) return;
      pending.delete(message.id!);
      if (pending.size === 0) created.unref();
      if (message.error !== undefined) job.reject(new SegmentationError('bad-image', message.error));
      else job.resolve(message.result!);
    });
  });
  created.on('error', (error) => failAll(error));
  created.on('exit', (code) => failAll(new Error(`refinement worker exited with code ${code}`)));
  return ready;
}

export async function runInWorker<K extends keyof Operation>(
  op: K,
  input: Operation[K],
  signal?: AbortSignal,
): Promise<Uint8Array> {
  await ensureWorker();
  throwIfAborted(signal);
  const id = nextId++;
  const current = worker!;
  const result = new Promise<Uint8Array>((resolve, reject) => pending.set(id, { resolve, reject }));
  // Keep the process alive only while work is outstanding.
  current.ref();
  current.postMessage({ id, op, input });
  if (!signal) return result;
  // The worker finishes the job regardless (loops are not interruptible); the caller stops waiting.
  return new Promise<Uint8Array>((resolve, reject) => {
    const onAbort = () => reject(new SegmentationError('cancelled', 'segmentation was cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    result.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Starts the worker ahead of the first job (it imports the kernels through tsx, ~100 ms). */
export function warmUpWorker(): Promise<void> {
  return ensureWorker();
}
