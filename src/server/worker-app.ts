/**
 * What a `BACKDROP_ROLE=worker` process serves: GET /api/health only (for compose or a load balancer's
 * health check). It runs jobs from the shared queue; users never talk to it.
 */
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import { healthAnswer } from './routes/meta.ts';
import type { Services } from './services.ts';

export function createWorkerApp(services: Services) {
  const app = new Hono<AppEnv>();
  const started = Date.now();
  app.get('/api/health', (c) => healthAnswer(c, services, started));
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'not-found',
          message: `This is a Backdrop worker: it runs jobs and serves only GET /api/health. Open the API process (BACKDROP_ROLE=api or all) instead.`,
        },
      },
      404,
    ),
  );
  return app;
}
