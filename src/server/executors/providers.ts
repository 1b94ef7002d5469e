/**
 * The server halves of the providers, in the recipe registry's order. Adding a provider = its folder
 * here (src/server/executors/<dialect>/index.ts) and one line in BUILT_IN.
 */
import type { Dialect } from '../../recipe/index.ts';
import { claidServer } from './claid/index.ts';
import { deepImageServer } from './deep-image/index.ts';
import type { ProviderServer } from './provider-server.ts';

const BUILT_IN: readonly ProviderServer[] = [claidServer, deepImageServer];

const SERVERS = new Map<Dialect, ProviderServer>(BUILT_IN.map((server) => [server.dialect, server]));

/** Adds a provider's server half at run time (tests register a minimal third one). */
export function registerProviderServer(server: ProviderServer): void {
  SERVERS.set(server.dialect, server);
}

/** Removes one registerProviderServer added; built-ins stay. */
export function unregisterProviderServer(dialect: Dialect): void {
  if (!BUILT_IN.some((server) => server.dialect === dialect)) SERVERS.delete(dialect);
}

/** Every registered provider's server half, in registry order. */
export function providerServers(): ProviderServer[] {
  return [...SERVERS.values()];
}
