import { Worker } from 'node:worker_threads';
import { EngineError, toEngineError } from './errors.ts';
import type { Segmenter } from './run-plan.ts';

type RawImage = Parameters<Segmenter['segment']>[0];
interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}
export interface SegmenterInfo {
  modelId: string;
  inputSize: number;
  source: string;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
let lastInfo: SegmenterInfo = {
  modelId: (process.env.BACKDROP_MODEL ?? '').trim() || 'isnet-fp16',
  inputSize: 1024,
  source: 'not loaded yet',
};

function failAll(error: Error): void {
  for (const entry of pending.values()) entry.reject(error);
  pending.clear();
}

/** One worker for the process: the model is loaded once and its mask cache is shared by all jobs. */
function getWorker(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL('./segmenter-worker.mjs', import.meta.url));
  created.on(
    'message',
    (message: {
      id: number;
      result?: unknown;
      error?: { name?: string; code?: string; message: string };
    }) => {
      const entry = pending.get(message.id);
      pending.delete(message.id);
      // An idle worker must not keep the process (e.g. the CLI) alive, also after a cancelled request.
      if (pending.size === 0) created.unref();
      if (!entry) return; // cancelled on our side already
      if (message.error)
        entry.reject(toEngineError(Object.assign(new Error(message.error.message), message.error)));
      else entry.resolve(message.result);
    },
  );
  created.on('error', (error) => {
    worker = null;
    failAll(new EngineError('segmentation', `The segmentation worker failed: ${error.message}`));
  });
  created.on('exit', (code) => {
    if (worker === created) worker = null;
    if (pending.size > 0)
      failAll(new EngineError('segmentation', `The segmentation worker stopped (exit code ${code}).`));
  });
  created.unref();
  worker = created;
  return created;
}

function call<T>(
  op: string,
  payload: object,
  transfer: ArrayBuffer[] = [],
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(new EngineError('cancelled', 'The job was cancelled.'));
  const target = getWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      pending.delete(id);
      if (pending.size === 0) target.unref();
      target.postMessage({ op: 'abort', id });
      reject(new EngineError('cancelled', 'The job was cancelled.'));
    };
    pending.set(id, {
      resolve: (value) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value as T);
      },
      reject: (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    target.ref();
    target.postMessage({ op, id, ...payload }, transfer);
  });
}

/** Copies into a buffer of its own so it can be transferred without detaching the caller's pixels. */
function copyOf(buffer: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return copy;
}

function imageMessage(image: RawImage) {
  const data = copyOf(image.data);
  return {
    image: { data, width: image.width, height: image.height, channels: image.channels },
    transfer: [data.buffer],
  };
}

const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The segmentation module's API, run in the worker. */
export const workerSegmenter: Segmenter = {
  async segment(image, opts = {}) {
    const { image: payload, transfer } = imageMessage(image);
    const { signal, ...rest } = opts;
    const mask = await call<{ alpha: Uint8Array; width: number; height: number; modelId: string }>(
      'segment',
      { image: payload, opts: rest },
      transfer,
      signal,
    );
    lastInfo = { ...lastInfo, modelId: mask.modelId };
    return { ...mask, alpha: toBuffer(mask.alpha) };
  },
  async estimateForeground(image, alpha) {
    const { image: payload, transfer } = imageMessage(image);
    const alphaCopy = copyOf(alpha);
    const colors = await call<Uint8Array>('foreground', { image: payload, alpha: alphaCopy }, [
      ...transfer,
      alphaCopy.buffer,
    ]);
    return toBuffer(colors);
  },
  modelId: () => lastInfo.modelId,
};

export async function warmUpWorker(): Promise<SegmenterInfo> {
  lastInfo = await call<SegmenterInfo>('warm-up', {});
  return lastInfo;
}

export function lastSegmenterInfo(): SegmenterInfo {
  return lastInfo;
}

export async function resetWorkerSegmenter(opts: { model?: boolean } = {}): Promise<void> {
  if (!worker) return;
  await call('reset', { opts });
}
