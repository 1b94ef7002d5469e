/**
 * Mutating requests must come from our own origin. Browsers always send Origin on cross-site POST and
 * DELETE, so a missing Origin means a non-browser client (curl, the CLI), which the token guards instead.
 */
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOrigin(): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const own = new URL(c.req.url).origin;
      if (site === 'cross-site' || (origin !== undefined && origin !== own)) {
        throw new HttpError(403, {
          code: 'cross-origin',
          message: `Requests that change data must come from Backdrop's own page (${own}), not from ${origin ?? 'another site'}.`,
        });
      }
    }
    await next();
  };
}
