/** DELETE /api/jobs/:id — cancels a queued or running job (aborting the provider call or local work), else deletes it. */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { Services } from '../services.ts';
import { findJob } from './jobs-read.ts';

export function jobsDeleteRoute(services: Services) {
  const app = new Hono<AppEnv>();
  app.delete('/api/jobs/:id', async (c) => {
    const id = c.req.param('id');
    const record = await findJob(services, id);
    if (record.view.status === 'queued' || record.view.status === 'running') {
      // Mark first so the worker, when its abort lands, does not record a failure instead.
      await services.store.update(id, (r) => {
        r.view.status = 'cancelled';
        r.view.finishedAt = new Date().toISOString();
        delete r.view.queuePosition;
      });
      services.queue.cancel(id);
      return c.json({ id, status: 'cancelled' });
    }
    await services.store.delete(id);
    return c.json({ id, deleted: true });
  });
  return app;
}
