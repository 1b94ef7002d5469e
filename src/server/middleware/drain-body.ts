/**
 * After an early refusal (4xx before the upload was read), read and discard the rest of the body so the
 * client receives the answer on a healthy keep-alive connection instead of a reset. Bounded in bytes
 * and time; past the bound the connection is closed instead.
 */
import type { MiddlewareHandler } from 'hono';

export function drainUnreadBody(maxBytes: number, maxMs = 10_000): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const body = c.req.raw.body;
    if (c.res.status < 400 || !body || body.locked) return;
    const declared = Number(c.req.header('content-length') ?? NaN);
    const reader = body.getReader();
    let ok = !(declared > maxBytes);
    if (ok) {
      const deadline = Date.now() + maxMs;
      let total = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          if (total > maxBytes || Date.now() > deadline) {
            ok = false;
            break;
          }
        }
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      reader.cancel().catch(() => {});
      c.res.headers.set('connection', 'close');
    }
  };
}
