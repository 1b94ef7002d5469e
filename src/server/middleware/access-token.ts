/**
 * With BACKDROP_ACCESS_TOKEN set, every route except health and sign-in needs the token: as
 * `Authorization: Bearer <token>` or as the HttpOnly cookie the sign-in page sets. The cookie holds an
 * HMAC of the token, not the token itself.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';

export const SESSION_COOKIE = 'backdrop_session';
const OPEN_PATHS = new Set(['/api/health', '/sign-in']);

export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('backdrop-session-v1').digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = createHmac('sha256', 'compare').update(a).digest();
  const right = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(left, right);
}

export function accessToken(config: Config): MiddlewareHandler {
  const token = config.accessToken;
  const session = token ? sessionValue(token) : '';
  return async (c, next) => {
    if (!token || OPEN_PATHS.has(c.req.path)) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    const cookie = getCookie(c, SESSION_COOKIE);
    if ((bearer && sameSecret(bearer, token)) || (cookie && sameSecret(cookie, session))) return next();
    if (!c.req.path.startsWith('/api/') && c.req.method === 'GET') return c.redirect('/sign-in', 303);
    throw new HttpError(401, {
      code: 'unauthorized',
      message:
        'This Backdrop server needs its access token: sign in at /sign-in, or send Authorization: Bearer <token>.',
    });
  };
}
