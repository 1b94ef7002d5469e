/** GET /api/health and GET /api/executors. Neither ever mentions a key (not even its length). */
import { Hono } from 'hono';
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

export function metaRoutes(config: Config, services: Services) {
  const app = new Hono<AppEnv>();
  const started = Date.now();
  app.get('/api/health', (c) => {
    c.header('cache-control', 'no-store');
    return c.json({
      ok: true,
      version: services.version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    });
  });
  app.get('/api/executors', (c) => c.json(executorsResponse(config, services)));
  return app;
}
