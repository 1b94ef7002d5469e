/** Claid's server half: its environment variables (.env.example), its API prefix, its executor. */
import type { ProviderServer } from '../provider-server.ts';
import { CLAID_ENV } from './env.ts';
import { createClaidExecutor } from './executor.ts';

export const claidServer: ProviderServer = {
  dialect: 'claid',
  env: CLAID_ENV,
  // Claid's image-editing API answers under /v1-beta1 (older) and /v1; `/` means none.
  options(get) {
    const prefix = get(CLAID_ENV.apiPrefix.name) ?? CLAID_ENV.apiPrefix.default;
    return { apiPrefix: prefix === '/' ? '' : `/${prefix.replace(/^\/+|\/+$/g, '')}` };
  },
  create: createClaidExecutor,
};
