/**
 * The BFF as a Hono app: middleware (log, headers, token, same-origin, rate limit, body limits), the API
 * routes, and optionally the built app (static files + SPA fallback). Tests build it directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Config } from './config.ts';
import type { AppEnv } from './env.ts';
import { HttpError, formatBytes } from './errors.ts';
import { accessToken } from './middleware/access-token.ts';
import { declaredBodyLimit } from './middleware/body-limit.ts';
import { drainUnreadBody } from './middleware/drain-body.ts';
import { hostCheck } from './middleware/host-check.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { requestLog } from './middleware/request-log.ts';
import { sameOrigin } from './middleware/same-origin.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { batchesCreateRoute } from './routes/batches-create.ts';
import { batchesDeleteRoute } from './routes/batches-delete.ts';
import { batchesReadRoute } from './routes/batches-read.ts';
import { jobsCreateRoute } from './routes/jobs-create.ts';
import { jobsDeleteRoute } from './routes/jobs-delete.ts';
import { jobsMaskRoute } from './routes/jobs-mask.ts';
import { jobsReadRoute } from './routes/jobs-read.ts';
import { jobsFinishRoute } from './routes/jobs-finish.ts';
import { metaRoutes } from './routes/meta.ts';
import { presetsRoutes } from './routes/presets.ts';
import { signInRoutes } from './routes/sign-in.ts';
import type { Services } from './services.ts';

export interface AppOptions {
  /** The built single-page app (dist/app); omitted in API-only tests. */
  staticDir?: string;
}

export function createApp(config: Config, services: Services, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  const uploadLimit = config.maxUploadBytes * 2 + 1024 * 1024;

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      if (error.retryAfter !== undefined) c.header('retry-after', String(error.retryAfter));
      return c.json(error.toBody(), error.status);
    }
    services.log({
      level: 'error',
      msg: 'unhandled error',
      id: c.get('requestId'),
      error: String((error as Error)?.message ?? error).slice(0, 300),
    });
    return c.json(
      {
        error: {
          code: 'internal',
          message: 'Something went wrong on the server. Try again; the server log has details.',
        },
      },
      500,
    );
  });
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'not-found',
          message: `No such endpoint: ${c.req.method} ${c.req.path.slice(0, 100)}. See GET /api/health and /api/executors.`,
        },
      },
      404,
    ),
  );

  app.use('*', requestLog(services.log));
  app.use('*', securityHeaders());
  // Before anything that reads a cookie or a route: a rebinding page's requests stop here.
  app.use('*', hostCheck(config));
  app.use('*', accessToken(config));
  app.use('*', sameOrigin(config));
  app.use(
    '/api/*',
    rateLimit({ perMinute: config.rateLimitPerMinute, name: 'requests', except: ['/api/health'] }),
  );
  app.post('/api/jobs', drainUnreadBody(uploadLimit));
  app.post('/api/jobs', rateLimit({ perMinute: config.jobsPerMinute, name: 'jobs' }));
  app.post(
    '/api/jobs',
    declaredBodyLimit(uploadLimit, `upload (image limit ${formatBytes(config.maxUploadBytes)})`),
  );
  // A touch-up's mask PNG is an upload; every other body on a job is small.
  app.put('/api/jobs/:id/mask', declaredBodyLimit(uploadLimit, 'mask upload'));
  for (const path of ['/api/jobs/:id', '/api/jobs/:id/*']) {
    const small = declaredBodyLimit(16 * 1024, 'request body');
    app.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, (c, next) =>
      c.req.method === 'PUT' && c.req.path.endsWith('/mask') ? next() : small(c, next),
    );
  }
  // A batch upload carries many photos; one batch counts once against the jobs-per-minute limit.
  const batchLimit = config.batchMaxUploadBytes + 1024 * 1024;
  for (const path of ['/api/batches', '/api/batches/:id/items']) {
    app.post(path, drainUnreadBody(batchLimit));
    app.post(path, rateLimit({ perMinute: config.jobsPerMinute, name: 'batch uploads' }));
    app.post(
      path,
      declaredBodyLimit(
        batchLimit,
        `batch upload (BACKDROP_BATCH_MAX_UPLOAD_MB ${formatBytes(config.batchMaxUploadBytes)})`,
      ),
    );
  }
  app.post('/api/batches/:id/items/:itemId/retry', drainUnreadBody(uploadLimit));
  app.post('/api/batches/:id/items/:itemId/retry', declaredBodyLimit(uploadLimit, 'replacement image'));
  app.on(
    ['PUT', 'PATCH', 'DELETE'],
    ['/api/batches/:id', '/api/batches/:id/*'],
    declaredBodyLimit(16 * 1024, 'request body'),
  );
  app.post('/sign-in', declaredBodyLimit(16 * 1024, 'sign-in form'));
  // Guessing the token is the one thing worth rate-limiting hard.
  app.post('/sign-in', rateLimit({ perMinute: 10, name: 'sign-in attempts' }));

  app.route('/', metaRoutes(config, services));
  app.route('/', jobsCreateRoute(config, services));
  app.route('/', jobsReadRoute(services));
  app.route('/', presetsRoutes(services));
  app.route('/', jobsDeleteRoute(services));
  app.route('/', jobsMaskRoute(config, services));
  app.route('/', jobsFinishRoute(services));
  app.route('/', batchesCreateRoute(config, services));
  app.route('/', batchesReadRoute(services));
  app.route('/', batchesDeleteRoute(services));
  app.route('/', signInRoutes(config));

  if (options.staticDir) mountStatic(app, options.staticDir);
  return app;
}

function mountStatic(app: Hono<AppEnv>, root: string): void {
  const indexPath = join(root, 'index.html');
  app.use('/assets/*', async (c, next) => {
    await next();
    // Vite fingerprints these names, so they can be cached for good.
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : serveStatic({ root })(c, next)));
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/') || !existsSync(indexPath)) return c.notFound();
    c.header('cache-control', 'no-cache');
    return c.html(readFileSync(indexPath, 'utf8'));
  });
}
