/** Deep-Image's server half: its environment variables (.env.example) and its executor. */
import type { ProviderServer } from '../provider-server.ts';
import { DEEP_IMAGE_ENV } from './env.ts';
import { createDeepImageExecutor } from './executor.ts';

export const deepImageServer: ProviderServer = {
  dialect: 'deep-image',
  env: DEEP_IMAGE_ENV,
  create: createDeepImageExecutor,
};
