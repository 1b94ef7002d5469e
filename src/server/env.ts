/** The Hono environment shared by the app, its routes and its middleware. */
import type { Config } from './config.ts';
import type { Services } from './services.ts';

export interface AppEnv {
  Variables: {
    requestId: string;
    clientId: string;
    config: Config;
    services: Services;
  };
}
