/** GET /api/health and GET /api/executors. Neither ever mentions a key (not even its length). */
import { Hono, type Context } from 'hono';
import type { ExecutorsResponse } from '../../recipe/index.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { CHECKABLE_TYPES } from '../guards/image-type.ts';
import type { Services } from '../services.ts';

function executorsResponse(config: Config, services: Services): ExecutorsResponse {
  const executors = [...services.executors.values()].map((executor) => {
    const reason = executor.unavailableReason(config);
    const model = executor.model?.();
    return {
      id: executor.id,
      label: executor.label,
      available: reason === null,
      ...(reason ? { reason } : {}),
      dialects: executor.dialects,
      concurrency: executor.concurrency(config),
      inputTypes: [...executor.inputTypes],
      ...(model ? { model } : {}),
    };
  });
  // What this server takes at all right now: the types some available executor takes.
  const types = CHECKABLE_TYPES.filter((type) =>
    executors.some((executor) => executor.available && executor.inputTypes.includes(type)),
  );
  return {
    executors,
    limits: { maxBytes: config.maxUploadBytes, maxMegapixels: config.maxMegapixels, types },
  };
}

/**
 * GET /api/health for every role: 200 `{ ok: true, … }`, or 503 `{ ok: false, … }` while the shared job
 * store (Redis) is unreachable — so a load balancer or compose healthcheck sees it.
 */
export function healthAnswer(c: Context<AppEnv>, services: Services, started: number) {
  c.header('cache-control', 'no-store');
  const ok = services.ready();
  return c.json(
    {
      ok,
      version: services.version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      role: services.mode.role,
      jobs: services.mode.jobs,
      ...(ok ? {} : { error: { code: 'store-unavailable', message: 'Redis (REDIS_URL) is not reachable.' } }),
    },
    ok ? 200 : 503,
  );
}

export function metaRoutes(config: Config, services: Services) {
  const app = new Hono<AppEnv>();
  const started = Date.now();
  app.get('/api/health', (c) => healthAnswer(c, services, started));
  app.get('/api/executors', (c) => c.json(executorsResponse(config, services)));
  return app;
}
