/** Refuses bodies whose declared size is over the limit before reading them (chunked bodies are counted by their readers). */
import type { MiddlewareHandler } from 'hono';
import { HttpError, formatBytes } from '../errors.ts';

export function declaredBodyLimit(maxBytes: number, what: string): MiddlewareHandler {
  return async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new HttpError(413, {
        code: 'body-too-large',
        message: `The ${what} is ${formatBytes(declared)}; the limit is ${formatBytes(maxBytes)}.`,
        path: 'body',
      });
    }
    await next();
  };
}
