/**
 * Mutating requests must come from our own origin: the one the request was addressed to, or one of
 * BACKDROP_PUBLIC_ORIGIN (behind a proxy that ends TLS the request itself says http:). Browsers always
 * send Origin on cross-site POST and DELETE, so a missing Origin means a non-browser client (curl, the
 * CLI), which the token guards instead.
 */
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOrigin(config: Pick<Config, 'publicOrigins'>): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const own = new URL(c.req.url).origin;
      const ours = origin === undefined || origin === own || config.publicOrigins.includes(origin);
      if (site === 'cross-site' || !ours) {
        throw new HttpError(403, {
          code: 'cross-origin',
          message: `Requests that change data must come from Backdrop's own page (${own}), not from ${origin ?? 'another site'}.`,
        });
      }
    }
    await next();
  };
}
