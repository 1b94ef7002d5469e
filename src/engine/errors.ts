/**
 * Errors the engine throws. `code` is stable so the BFF can map it to an ApiError and the CLI to an exit
 * message; `message` says what happened and what to do.
 */
export type EngineErrorCode =
  | 'unreadable-image' // the bytes are not an image sharp can decode, or are truncated
  | 'unsupported-format' // a real image format we do not accept (e.g. PDF, SVG)
  | 'too-many-pixels' // over the configured pixel limit, checked before decoding
  | 'missing-asset' // the plan needs a background image that the caller did not supply
  | 'bad-asset' // a supplied background image could not be decoded
  | 'cancelled' // the AbortSignal fired
  | 'segmentation' // the segmentation model failed (load, config, run)
  | 'internal';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode | (string & {}),
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('cancelled', 'The job was cancelled.');
}

/** Errors from code we call (segmentation, sharp) become EngineErrors with their code kept when known. */
export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  const err = error as { name?: string; code?: unknown; message?: string };
  if (err?.name === 'SegmentationError' && typeof err.code === 'string') {
    return new EngineError(
      err.code === 'cancelled' ? 'cancelled' : 'segmentation',
      err.message ?? 'segmentation failed',
    );
  }
  if (err?.name === 'AbortError') return new EngineError('cancelled', 'The job was cancelled.');
  return new EngineError('internal', `The local engine failed: ${err?.message ?? String(error)}`);
}
