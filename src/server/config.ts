/**
 * Server configuration: environment first, then a `.env` file, then defaults (documented in .env.example).
 * This object is the ONLY place that holds the provider keys. It is never serialised: `toJSON` and
 * `util.inspect` redact the secrets, so an accidental `JSON.stringify(config)` or `console.log` is safe.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import type { Dialect } from '../recipe/index.ts';
import { providerServers } from './executors/providers.ts';
import type { ProviderSettings } from './executors/provider-server.ts';

export interface Settings {
  host: string;
  port: number;
  /** Each registered provider's settings, by dialect (executors/providers.ts names the variables). */
  providers: Readonly<Record<Dialect, ProviderSettings>>;
  accessToken: string | undefined;
  /** Origins users open this server at, beyond the loopback names (BACKDROP_PUBLIC_ORIGIN). */
  publicOrigins: string[];
  dataDir: string;
  maxUploadBytes: number;
  maxMegapixels: number;
  storeMaxBytes: number;
  storeTtlSeconds: number;
  /** Items one batch may hold, and bytes one batch upload (POST /api/batches or /items) may carry. */
  batchMaxItems: number;
  batchMaxUploadBytes: number;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  providerTimeoutMs: number;
  providerRetries: number;
  /** Upper bound for one 429 wait, whatever RateLimit-Reset says. */
  maxRateLimitWaitMs: number;
  fetchTimeoutMs: number;
  /** Test-only: hostnames the safe fetch may reach although they resolve to non-public addresses. */
  fetchAllowHosts: string[];
  rateLimitPerMinute: number;
  jobsPerMinute: number;
  localConcurrency: number;
  /** Load the segmentation model at start-up so the first local job does not wait for it. */
  warmUp: boolean;
  /** Local jobs render a quick 512 px preview before the full result. */
  localPreview: boolean;
  /** REDIS_URL: jobs on BullMQ and job records in Redis (several processes/machines); unset: embedded. */
  redisUrl: string | undefined;
  /** BACKDROP_ROLE: `all` (API + worker, the default), `api` (runs no jobs) or `worker` (health only). */
  role: Role;
  /** BACKDROP_JOB_LOCK_MS: Redis mode — a worker silent this long is presumed dead and its job stalled. */
  jobLockMs: number;
  /**
   * BACKDROP_WORKER_CONCURRENCY: Redis mode — provider jobs one worker process runs at once (per
   * provider); the provider's own limit still holds across all workers. Undefined: that limit.
   */
  workerConcurrency: number | undefined;
}

export type Role = 'all' | 'api' | 'worker';
const ROLES: readonly Role[] = ['all', 'api', 'worker'];

/** The settings that hold secrets (the providers' keys are inside `providers`). */
// REDIS_URL may carry a password (redis://:secret@host), so it is kept like a key.
const SECRET_KEYS = ['providers', 'accessToken', 'redisUrl'] as const;

/** The settings, read-only; one declaration (the interface), merged into the class below. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Config extends Readonly<Settings> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Config {
  constructor(settings: Settings) {
    Object.assign(this, settings);
    // Secrets are non-enumerable so spreading or Object.entries cannot leak them either.
    for (const key of SECRET_KEYS) {
      Object.defineProperty(this, key, { value: settings[key], enumerable: false, writable: false });
    }
    Object.freeze(this);
  }

  /** One provider's settings; undefined for a dialect no provider server registered. */
  provider(dialect: Dialect): ProviderSettings | undefined {
    return this.providers[dialect];
  }

  /** Every secret this server holds (provider keys, the access token), for the log redactor. */
  secrets(): (string | undefined)[] {
    return [...Object.values(this.providers).map((p) => p.apiKey), this.accessToken];
  }

  /** A copy with some settings changed (tests). */
  with(changes: Partial<Settings>): Config {
    const all: Record<string, unknown> = { ...(this as object) };
    for (const key of SECRET_KEYS) all[key] = this[key];
    return new Config({ ...(all as unknown as Settings), ...changes });
  }

  toJSON(): Record<string, unknown> {
    const copy: Record<string, unknown> = { ...(this as object) };
    copy.providers = Object.fromEntries(
      Object.entries(this.providers).map(([id, p]) => [id, { ...p, apiKey: redacted(p.apiKey) }]),
    );
    copy.accessToken = redacted(this.accessToken);
    copy.redisUrl = redacted(this.redisUrl);
    return copy;
  }

  [inspect.custom](): string {
    return `Config ${JSON.stringify(this.toJSON())}`;
  }
}

const redacted = (secret: string | undefined) => (secret ? '[redacted]' : '[not set]');

export class ConfigError extends Error {}

/** Parses KEY=value lines; `#` comments, optional `export `, single/double quotes. No interpolation. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[match[1]!] = value;
  }
  return out;
}

const MB = 1024 * 1024;

/** Loads settings; the process environment wins over `.env`. Throws ConfigError with the variable named. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: { envFile?: string | null; cores?: number } = {},
): Config {
  const envFile = options.envFile === undefined ? resolve('.env') : options.envFile;
  const fromFile = envFile && existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  const get = (name: string): string | undefined => {
    const value = env[name] ?? fromFile[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const num = (name: string, fallback: number, min = 0): number => {
    const text = get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min) {
      throw new ConfigError(`${name} must be a number ≥ ${min} (got "${text}").`);
    }
    return value;
  };
  const url = (name: string, fallback: string): string => {
    const text = get(name) ?? fallback;
    try {
      const parsed = new URL(text);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new ConfigError(`${name} must be an http(s) URL such as ${fallback} (got "${text}").`);
    }
    return text.replace(/\/+$/, '');
  };
  const origins = (name: string): string[] =>
    (get(name) ?? '')
      .split(',')
      .map((text) => text.trim())
      .filter(Boolean)
      .map((text) => {
        let parsed: URL | undefined;
        try {
          parsed = new URL(text);
        } catch {
          parsed = undefined;
        }
        const bare = parsed && parsed.pathname === '/' && !parsed.search && !parsed.hash && !parsed.username;
        if (!parsed || !bare || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
          throw new ConfigError(
            `${name} must list the origins users open Backdrop at, such as https://backdrop.example.com or http://192.168.1.20:8787, comma-separated (got "${text}").`,
          );
        }
        return parsed.origin;
      });
  const cores = options.cores ?? 2;
  const providers = Object.fromEntries(
    providerServers().map((server): [Dialect, ProviderSettings] => [
      server.dialect,
      {
        apiKey: get(server.env.apiKey),
        baseUrl: url(server.env.baseUrl.name, server.env.baseUrl.default),
        concurrency: Math.floor(num(server.env.concurrency.name, Number(server.env.concurrency.default), 1)),
        options: server.options?.(get) ?? {},
      },
    ]),
  );

  const settings: Settings = {
    host: get('HOST') ?? '127.0.0.1',
    port: num('PORT', 8787),
    providers,
    accessToken: get('BACKDROP_ACCESS_TOKEN'),
    publicOrigins: origins('BACKDROP_PUBLIC_ORIGIN'),
    dataDir: resolve(get('BACKDROP_DATA_DIR') ?? '.data'),
    maxUploadBytes: Math.round(num('BACKDROP_MAX_UPLOAD_MB', 25, 0.001) * MB),
    maxMegapixels: num('BACKDROP_MAX_MEGAPIXELS', 50, 0.001),
    storeMaxBytes: Math.round(num('BACKDROP_STORE_MAX_MB', 2048, 1) * MB),
    storeTtlSeconds: num('BACKDROP_STORE_TTL_HOURS', 72, 0.0001) * 3600,
    batchMaxItems: Math.floor(num('BACKDROP_BATCH_MAX_ITEMS', 1000, 1)),
    batchMaxUploadBytes: Math.round(num('BACKDROP_BATCH_MAX_UPLOAD_MB', 2048, 1) * MB),
    pollIntervalMs: num('BACKDROP_POLL_INTERVAL_MS', 2500, 1),
    pollTimeoutMs: num('BACKDROP_POLL_TIMEOUT_MS', 180_000, 1),
    providerTimeoutMs: num('BACKDROP_PROVIDER_TIMEOUT_MS', 60_000, 1),
    providerRetries: Math.floor(num('BACKDROP_PROVIDER_RETRIES', 3, 0)),
    maxRateLimitWaitMs: num('BACKDROP_MAX_RATE_LIMIT_WAIT_MS', 60_000, 0),
    fetchTimeoutMs: num('BACKDROP_FETCH_TIMEOUT_MS', 20_000, 1),
    fetchAllowHosts: (get('BACKDROP_FETCH_ALLOW_HOSTS') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    rateLimitPerMinute: Math.floor(num('BACKDROP_RATE_LIMIT_PER_MINUTE', 1200, 1)),
    jobsPerMinute: Math.floor(num('BACKDROP_JOBS_PER_MINUTE', 60, 1)),
    localConcurrency: Math.floor(num('BACKDROP_LOCAL_CONCURRENCY', Math.max(1, cores - 1), 1)),
    warmUp: !['0', 'false', 'no', 'off'].includes((get('BACKDROP_WARM_UP') ?? 'true').toLowerCase()),
    localPreview: !['0', 'false', 'no', 'off'].includes(
      (get('BACKDROP_LOCAL_PREVIEW') ?? 'true').toLowerCase(),
    ),
    redisUrl: redisUrl(get('REDIS_URL')),
    role: role(get('BACKDROP_ROLE')),
    jobLockMs: num('BACKDROP_JOB_LOCK_MS', 30_000, 1000),
    workerConcurrency: get('BACKDROP_WORKER_CONCURRENCY')
      ? Math.floor(num('BACKDROP_WORKER_CONCURRENCY', 1, 1))
      : undefined,
  };
  if (settings.role !== 'all' && !settings.redisUrl)
    throw new ConfigError(
      `BACKDROP_ROLE=${settings.role} needs REDIS_URL: an API and its workers share jobs through Redis. Set REDIS_URL (e.g. redis://127.0.0.1:6379), or leave BACKDROP_ROLE unset to run everything in one process.`,
    );
  if (!settings.accessToken && !isLoopbackHost(settings.host)) {
    throw new ConfigError(
      `HOST=${settings.host} exposes Backdrop beyond this machine, so BACKDROP_ACCESS_TOKEN must be set ` +
        `(a long random string; users sign in with it). Set it in .env, or bind to 127.0.0.1.`,
    );
  }
  if (settings.accessToken && settings.accessToken.length < 16) {
    throw new ConfigError('BACKDROP_ACCESS_TOKEN must be at least 16 characters long.');
  }
  return new Config(settings);
}

function redisUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname)
    throw new ConfigError(
      'REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379 (the value is not repeated here: it may hold a password).',
    );
  return text;
}

function role(text: string | undefined): Role {
  const value = (text ?? 'all').toLowerCase();
  if (!ROLES.includes(value as Role))
    throw new ConfigError(`BACKDROP_ROLE must be one of ${ROLES.join(', ')} (got "${text}").`);
  return value as Role;
}

function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/**
 * The engine reads a few BACKDROP_* settings (data dir, model, caches) from process.env itself. Copy
 * those from `.env` so one file configures everything — never the keys or the access token.
 */
export function shareEngineSettings(config: Config, envFile: string | null = resolve('.env')): void {
  const fromFile = envFile && existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  for (const [name, value] of Object.entries(fromFile)) {
    if (name.startsWith('BACKDROP_') && name !== 'BACKDROP_ACCESS_TOKEN' && process.env[name] === undefined) {
      process.env[name] = value;
    }
  }
  process.env.BACKDROP_DATA_DIR ??= config.dataDir;
}
