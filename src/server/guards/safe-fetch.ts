/**
 * Server-side fetch of user-supplied URLs (imageUrl, replace, background_url) for the local executor.
 * SSRF guard: http(s) only; the address is checked *at connect time* through a custom DNS lookup, so a
 * name that resolves to a private address (or rebinds to one) is refused; redirects are followed by
 * hand and each hop is re-checked; the body is size- and time-limited.
 */
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { HttpError, formatBytes } from '../errors.ts';
import { isPublicAddress } from './addresses.ts';

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Hostnames allowed although not public (tests reach fakes on 127.0.0.1). Off by default. */
  allowHosts: string[];
  signal?: AbortSignal;
  maxRedirects?: number;
  /** DNS resolver (tests inject one to simulate names that resolve to private addresses). */
  resolver?: typeof dnsLookup;
}

export interface FetchedFile {
  data: Buffer;
  contentType: string;
  finalUrl: string;
}

const refuse = (field: string, message: string, code = 'url-refused') =>
  new HttpError(400, { code, message: `${field}: ${message}`, path: field });

function guardedLookup(field: string, allowed: boolean, resolver: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as { address: string; family: number }[];
      const bad = list.find((a) => !isPublicAddress(a.address));
      if (bad && !allowed) {
        return callback(
          refuse(
            field,
            `${hostname} resolves to a non-public address (${bad.address}); only public hosts can be fetched.`,
          ),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

function checkUrl(raw: string, field: string, allowHosts: string[]): { url: URL; allowed: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse(field, `"${raw.slice(0, 80)}" is not a valid URL.`, 'invalid-url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(field, `only http and https URLs can be fetched (got ${url.protocol}).`, 'invalid-url');
  }
  if (url.username || url.password)
    throw refuse(field, 'URLs with credentials are not fetched.', 'invalid-url');
  // A fully qualified name's trailing dot (`localhost.`) names the same host.
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const allowed = allowHosts.includes(host);
  if (isIP(host) && !isPublicAddress(host) && !allowed) {
    throw refuse(field, `${host} is not a public address; only public hosts can be fetched.`);
  }
  if ((host === 'localhost' || host.endsWith('.localhost')) && !allowed) {
    throw refuse(field, `${host} is not a public host.`);
  }
  return { url, allowed };
}

function requestOnce(
  url: URL,
  field: string,
  allowed: boolean,
  options: SafeFetchOptions,
  signal: AbortSignal,
) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(
      url,
      {
        lookup: guardedLookup(field, allowed, options.resolver ?? dnsLookup),
        signal,
        headers: { accept: 'image/*' },
      },
      resolve,
    );
    req.on('error', reject);
  });
}

export async function safeFetch(
  rawUrl: string,
  field: string,
  options: SafeFetchOptions,
): Promise<FetchedFile> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = rawUrl;
  for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
    const { url, allowed } = checkUrl(current, field, options.allowHosts);
    let response: http.IncomingMessage;
    try {
      response = await requestOnce(url, field, allowed, options, signal);
    } catch (error) {
      throw translateError(error, field, url, options, timeout);
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      current = new URL(response.headers.location, url).toString();
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw refuse(
        field,
        `${url.host} answered HTTP ${status} for this URL; check that it is a direct, public link to an image.`,
        'url-fetch-failed',
      );
    }
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (declared > options.maxBytes) {
      response.destroy();
      throw refuse(
        field,
        `the file is ${formatBytes(declared)}; the limit is ${formatBytes(options.maxBytes)}.`,
        'image-too-large',
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > options.maxBytes) {
          response.destroy();
          throw refuse(
            field,
            `the file is larger than the limit of ${formatBytes(options.maxBytes)}.`,
            'image-too-large',
          );
        }
        chunks.push(chunk);
      }
    } catch (error) {
      throw translateError(error, field, url, options, timeout);
    }
    return {
      data: Buffer.concat(chunks),
      contentType: String(response.headers['content-type'] ?? ''),
      finalUrl: url.toString(),
    };
  }
  throw refuse(field, `too many redirects (more than ${options.maxRedirects ?? 5}).`, 'url-fetch-failed');
}

function translateError(
  error: unknown,
  field: string,
  url: URL,
  options: SafeFetchOptions,
  timeout: AbortSignal,
): unknown {
  if (error instanceof HttpError) return error;
  if (options.signal?.aborted) return error;
  if (timeout.aborted) {
    return refuse(
      field,
      `${url.host} did not deliver the file within ${options.timeoutMs / 1000} s.`,
      'url-timeout',
    );
  }
  const cause = error as { code?: string; cause?: unknown };
  if (cause.cause instanceof HttpError) return cause.cause;
  const code =
    cause.code === 'ENOTFOUND'
      ? `${url.hostname} does not resolve`
      : `could not fetch it (${cause.code ?? 'network error'})`;
  return refuse(field, `${code}.`, 'url-fetch-failed');
}
