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
