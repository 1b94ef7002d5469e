/**
 * A provider's server half: what only the BFF may know about one dialect (its environment variables,
 * where its key is read, its HTTP client). The browser-safe half is the dialect's descriptor in
 * src/recipe/<dialect>/; this one lives in src/server/executors/<dialect>/index.ts and is registered in
 * providers.ts with one line.
 */
import type { Dialect } from '../../recipe/index.ts';
import type { Config } from '../config.ts';
import type { Executor } from './types.ts';

/** One environment variable the provider reads, with the value used when it is unset. */
export interface EnvSetting {
  name: string;
  default: string;
}

/** What config.ts read for one provider (Config.provider()). The key is a secret: see Config. */
export interface ProviderSettings {
  apiKey: string | undefined;
  /** No trailing slash. */
  baseUrl: string;
  /** Jobs this server runs on the provider at once. */
  concurrency: number;
  /** The provider's own settings (`options` of its ProviderServer), already checked. */
  options: Readonly<Record<string, string>>;
}

export interface ProviderServer {
  /** The dialect (and executor id) this serves; its descriptor is dialectModule(dialect). */
  dialect: Dialect;
  env: {
    /** The API key's variable; the browser's snippets name the same one (descriptor api.keyVar). */
    apiKey: string;
    baseUrl: EnvSetting;
    concurrency: EnvSetting;
  };
  /**
   * Settings of its own beyond key, base URL and concurrency, read from the environment (Claid's API
   * prefix). Throws a ConfigError naming the variable when a value is wrong.
   */
  options?(get: (name: string) => string | undefined): Record<string, string>;
  /** Its executor (the HTTP client behind the executor interface). */
  create(config: Config, options: { backoffMs?: number }): Executor;
}
