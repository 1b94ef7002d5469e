/**
 * Per-client fixed-window rate limit (client = remote address). Counters are the only in-process state
 * besides the queue; behind a load balancer this moves to the shared store with the queue. Paths in
 * `except` are never counted (health checks: a busy client must not make a monitor see 429).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';

export function rateLimit(options: {
  perMinute: number;
  name: string;
  except?: string[];
  now?: () => number;
}): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  const now = options.now ?? Date.now;
  const except = new Set(options.except ?? []);
  return async (c, next) => {
    if (except.has(c.req.path)) return next();
    const client = c.get('clientId') ?? 'unknown';
    const time = now();
    let window = windows.get(client);
    if (!window || time - window.start >= 60_000) {
      if (windows.size > 10_000) windows.clear(); // bounded memory under address spraying
      window = { start: time, count: 0 };
      windows.set(client, window);
    }
    window.count++;
    const resetSeconds = Math.ceil((window.start + 60_000 - time) / 1000);
    c.header('ratelimit-limit', String(options.perMinute));
    c.header('ratelimit-remaining', String(Math.max(0, options.perMinute - window.count)));
    c.header('ratelimit-reset', String(resetSeconds));
    if (window.count > options.perMinute) {
      throw new HttpError(
        429,
        {
          code: 'rate-limited',
          message: `Too many ${options.name} from this client (limit ${options.perMinute} per minute). Wait ${resetSeconds} s and try again.`,
          retryAfterSeconds: resetSeconds,
        },
        resetSeconds,
      );
    }
    await next();
  };
}
