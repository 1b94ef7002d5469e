/**
 * Redis connections for the Redis mode, and what a request gets while Redis is away: a 503 that says
 * so, at once (commands fail fast instead of waiting in ioredis' offline queue), while ioredis keeps
 * reconnecting in the background — so the API recovers by itself when Redis is back.
 */
import { Redis } from 'ioredis';
import { HttpError } from '../errors.ts';

/** Seconds a client is told to wait (Retry-After) while Redis is away. */
const RETRY_AFTER_SECONDS = 2;

/** `host:port` of a REDIS_URL — never its password — for messages and logs. */
export function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

/**
 * A connection for requests: fails a command at once when Redis is not connected, and reconnects
 * every 0.2–2 s forever. `name` labels it in CLIENT LIST. Not `enableAutoPipelining`: with the offline
 * queue off, a custom command (the stores' Lua scripts) sent as the connection drops may never settle
 * (ioredis#1511) — a request hanging instead of its 503 — and the stores' commands follow one another
 * (each awaits the last), so there would be little to batch.
 */
export function requestConnection(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
}

/** A connection for subscriptions (ioredis subscribes again by itself after a reconnect). */
export function subscriberConnection(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
}

/** The 503 a request gets while Redis is away (no host name or password beyond `host:port`). */
export function storeUnavailable(url: string): HttpError {
  return new HttpError(
    503,
    {
      code: 'store-unavailable',
      message: `The job store (Redis at ${redisAddress(url)}) is not reachable, so jobs cannot be read or started right now. Nothing stored is lost; try again in a moment. If this persists, check that Redis is running (REDIS_URL).`,
    },
    RETRY_AFTER_SECONDS,
  );
}

/**
 * Runs `op` on `connection`; any failure while the connection is not ready becomes the 503 above.
 * Other errors (a bug, a script error) pass through unchanged.
 */
export async function guarded<T>(connection: Redis, url: string, op: () => Promise<T>): Promise<T> {
  if (connection.status !== 'ready') throw storeUnavailable(url);
  try {
    return await op();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (connection.status !== 'ready' || isConnectionError(error)) throw storeUnavailable(url);
    throw error;
  }
}

function isConnectionError(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /ECONNREFUSED|ECONNRESET|EPIPE|Connection is closed|Stream isn't writeable|max retries per request/i.test(
    text,
  );
}
