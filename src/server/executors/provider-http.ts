/**
 * HTTP to a provider with the failure handling both adapters share: per-attempt timeout, 429 waits
 * driven by RateLimit-Reset / Retry-After (bounded), 5xx and connection failures retried with
 * exponential backoff plus jitter (bounded), bodies that are not JSON, and downloads with a size cap.
 */
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ExecutorId, JobView } from '../../recipe/index.ts';
import { HttpError } from '../errors.ts';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface CallOptions {
  executor: ExecutorId;
  label: string;
  /** The variable that sets the provider's base URL, named when it cannot be reached. */
  baseUrlSetting: string;
  url: string;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  /** Built fresh for each attempt (a FormData body cannot be re-sent). */
  body?: () => BodyInit | Promise<BodyInit>;
  signal: AbortSignal;
  timeoutMs: number;
  retries: number;
  maxRateLimitWaitMs: number;
  /** Called before waiting, so the job can show `rate-limited` / `retrying`. */
  onWait?: (stage: string, waitMs: number) => void;
  /** A 5xx that must not be retried (e.g. Deep-Image's `status: "failed"`). */
  isFinal?: (response: ProviderResponse) => boolean;
  /** Base backoff; tests shorten it. */
  backoffMs?: number;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function readRateLimit(headers: Headers): JobView['rateLimit'] | undefined {
  const num = (name: string) => {
    const value = headers.get(name);
    const parsed = value === null ? NaN : Number.parseFloat(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  const info = {
    limit: num('ratelimit-limit'),
    remaining: num('ratelimit-remaining'),
    resetSeconds: num('ratelimit-reset'),
  };
  const defined = Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length ? defined : undefined;
}

/**
 * Seconds the provider asks us to wait: `Retry-After` (delta seconds or an HTTP-date, RFC 9110 §10.2.3),
 * the instruction for this very refusal, else `RateLimit-Reset` (delta seconds until the window resets,
 * draft-ietf-httpapi-ratelimit-headers; Claid sends it on every answer). Fractions kept; at most
 * MAX_RETRY_AFTER_SECONDS; undefined when neither header is present or readable.
 */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const capped = (seconds: number) => Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
  const retry = headers.get('retry-after')?.trim();
  if (retry && /^\d+(\.\d+)?$/.test(retry)) return capped(Number(retry));
  const date = retry ? Date.parse(retry) : NaN;
  if (Number.isFinite(date)) return capped(Math.max(0, (date - now) / 1000));
  const reset = Number.parseFloat(headers.get('ratelimit-reset') ?? '');
  return Number.isFinite(reset) && reset >= 0 ? capped(reset) : undefined;
}

/**
 * The longest wait a provider's answer is taken at: a year. The headers put no bound on it, and a wait
 * past what a Date can hold (1e20 s, "9" × 400 = Infinity) made the job's retryAt unwritable.
 */
export const MAX_RETRY_AFTER_SECONDS = 365 * 24 * 3600;

/** Whole seconds a 429 or 503 asks us to wait (rounded up), from Retry-After / RateLimit-Reset. */
export function waitOf(response: ProviderResponse): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const seconds = retryAfterSeconds(response.headers);
  return seconds === undefined ? undefined : Math.ceil(seconds);
}

function retryDelayMs(response: ProviderResponse): number | undefined {
  const seconds = retryAfterSeconds(response.headers);
  return seconds === undefined ? undefined : seconds * 1000;
}

const unavailable = (options: CallOptions, code: string, message: string): HttpError =>
  new HttpError(502, { code, message, executor: options.executor });

export async function callProvider(options: CallOptions): Promise<ProviderResponse> {
  const backoff = options.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: options.method,
        headers: options.headers,
        ...(options.body ? { body: await options.body() } : {}),
        signal: AbortSignal.any([options.signal, timeout]),
        redirect: 'error',
      });
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      if (timeout.aborted) {
        // Not retried: the provider may have started (and charged for) the work.
        throw unavailable(
          options,
          'provider-timeout',
          `${options.label} did not answer within ${options.timeoutMs / 1000} s. Try again later; the timeout is BACKDROP_PROVIDER_TIMEOUT_MS.`,
        );
      }
      if (attempt < options.retries) {
        await waitBackoff(options, attempt, backoff, 'retrying');
        continue;
      }
      const code = (error as { cause?: { code?: string } }).cause?.code ?? 'network error';
      throw unavailable(
        options,
        'provider-unreachable',
        `${options.label} could not be reached (${code}). Check the server's network and its ${options.baseUrlSetting}.`,
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      if (timeout.aborted)
        throw unavailable(
          options,
          'provider-timeout',
          `${options.label} stopped sending its answer for ${options.timeoutMs / 1000} s. Try again later.`,
        );
      throw unavailable(
        options,
        'provider-bad-response',
        `${options.label}'s answer was cut off (${String(error).slice(0, 80)}). Try again.`,
      );
    }
    const result: ProviderResponse = {
      status: response.status,
      headers: response.headers,
      text,
      json: parseJson(text),
    };
    if (response.status === 429 && attempt < options.retries) {
      const wait = retryDelayMs(result) ?? backoff * 2 ** attempt;
      if (wait <= options.maxRateLimitWaitMs) {
        options.onWait?.('rate-limited', wait);
        await sleep(wait + Math.random() * 100, options.signal);
        continue;
      }
    }
    if (response.status >= 500 && attempt < options.retries && !options.isFinal?.(result)) {
      await waitBackoff(options, attempt, backoff, 'retrying');
      continue;
    }
    return result;
  }
}

async function waitBackoff(
  options: CallOptions,
  attempt: number,
  base: number,
  stage: string,
): Promise<void> {
  // Full jitter keeps a burst of failing jobs from retrying in lockstep.
  const wait = base * 2 ** attempt * (0.5 + Math.random());
  options.onWait?.(stage, wait);
  await sleep(wait, options.signal);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Results up to this size are kept in memory (one disk write later, in the store); larger ones stream to disk. */
const IN_MEMORY_RESULT_BYTES = 8 * 1024 * 1024;

/**
 * Downloads a provider's result URL (tmp_url / result_url) with a timeout and a size cap. A large or
 * unsized result streams straight to `toPath`, so it never sits in memory whole.
 */
export async function downloadResult(
  url: string,
  options: {
    executor: ExecutorId;
    label: string;
    signal: AbortSignal;
    timeoutMs: number;
    maxBytes: number;
    toPath: string;
  },
): Promise<{ data?: Buffer; path?: string; bytes: number; contentType: string }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const failed = (detail: string) =>
    new HttpError(502, {
      code: 'result-download-failed',
      message: `${options.label} finished, but its result could not be downloaded (${detail}). Run the job again.`,
      executor: options.executor,
    });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([options.signal, timeout]) });
  } catch {
    if (options.signal.aborted) throw options.signal.reason;
    throw failed(timeout.aborted ? 'timed out' : 'unreachable');
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw failed(
      `the result URL answered HTTP ${response.status}${response.status === 404 || response.status === 403 ? ', expired or missing' : ''}`,
    );
  }
  const contentType = response.headers.get('content-type') ?? '';
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    throw failed(`it is ${declared} bytes, over the ${options.maxBytes}-byte cap`);
  }
  try {
    if (!response.body) throw new Error('empty body');
    if (declared <= IN_MEMORY_RESULT_BYTES) {
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length > IN_MEMORY_RESULT_BYTES) throw new Error('larger than declared');
      return { data, bytes: data.length, contentType };
    }
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > options.maxBytes ? new Error(`larger than ${options.maxBytes} bytes`) : null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(options.toPath),
    );
    return { path: options.toPath, bytes: size, contentType };
  } catch (error) {
    await unlink(options.toPath).catch(() => {});
    if (options.signal.aborted) throw options.signal.reason;
    throw failed(`cut off: ${(error as Error).message}`);
  }
}
