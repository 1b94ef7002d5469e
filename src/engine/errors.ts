/**
 * Errors the engine throws. `code` is stable so the BFF can map it to an ApiError and the CLI to an exit
 * message; `message` says what happened and what to do.
 */
export type EngineErrorCode =
  | 'unreadable-image' // the bytes are not an image, or its header cannot be read
  | 'unsupported-format' // a real image format this machine cannot decode (SVG, PDF; HEIC without HEVC)
  | 'damaged-image' // the decoder reports damaged or missing pixel data (e.g. a JPEG cut short)
  | 'too-small' // too few pixels for the subject model to find anything
  | 'too-many-pixels' // over the configured pixel limit, checked before decoding
  | 'missing-asset' // the plan needs a background image that the caller did not supply
  | 'bad-asset' // a supplied background image could not be decoded
  | 'cancelled' // the AbortSignal fired
  | 'segmentation' // the segmentation model failed (load, config, run)
  | 'bad-mask' // a supplied mask cannot be read or is not the photo's size
  | 'bad-box' // a subject box lies outside the photo
  | 'not-a-cutout' // a provider's result has no alpha at the photo's size to touch up
  | 'internal';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode | (string & {}),
    message: string,
    /** For 'unsupported-format': our id of the refused format (e.g. `heic`), so callers can name alternatives. */
    readonly format?: string,
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
