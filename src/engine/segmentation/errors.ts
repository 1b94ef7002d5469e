/**
 * Errors from segmentation carry a stable `code` like the engine's EngineError, so that the engine can
 * pass them through unchanged: 'cancelled', 'model-config' (BACKDROP_MODEL is wrong), 'model-load'
 * (the model file is missing, corrupt or not an ONNX model), 'bad-image' (the RawImage is inconsistent).
 */
export type SegmentationErrorCode = 'cancelled' | 'model-config' | 'model-load' | 'bad-image';

export class SegmentationError extends Error {
  constructor(
    readonly code: SegmentationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SegmentationError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SegmentationError('cancelled', 'segmentation was cancelled');
}

/**
 * Waits for `promise` but gives up as soon as `signal` fires, rejecting with 'cancelled'. The awaited work
 * itself goes on (a model load or the job ahead in the queue is shared); only this caller stops waiting.
 */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new SegmentationError('cancelled', 'segmentation was cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SegmentationError('cancelled', 'segmentation was cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
