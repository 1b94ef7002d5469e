/** One error type for the whole BFF: an HTTP status plus the ApiError the client sees. */
import type { ApiError, ApiErrorBody } from '../recipe/index.ts';

export type ErrorStatus =
  400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 429 | 500 | 502 | 503 | 504;

export class HttpError extends Error {
  readonly status: ErrorStatus;
  readonly body: ApiError;
  /** Seconds the client should wait (Retry-After), for 429/503. */
  readonly retryAfter?: number;

  constructor(status: ErrorStatus, body: ApiError, retryAfter?: number) {
    super(body.message);
    this.status = status;
    this.body = body;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }

  toBody(): ApiErrorBody {
    return { error: this.body };
  }
}

export const badRequest = (code: string, message: string, path?: string): HttpError =>
  new HttpError(400, path === undefined ? { code, message } : { code, message, path });

export const notFound = (message: string): HttpError => new HttpError(404, { code: 'not-found', message });

/** Human size: 25 MB, 1.5 KB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
