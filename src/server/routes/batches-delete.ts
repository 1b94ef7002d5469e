/**
 * DELETE /api/batches/:id — cancels every queued or running item; done results stay downloadable (until
 * the store's TTL). DELETE /api/batches/:id/items/:itemId — cancels the item if it is active and removes
 * it from the batch.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { cancelBatch, removeBatchItem } from '../jobs/batch/batches.ts';
import type { Services } from '../services.ts';
import { missingBatch } from './batches-read.ts';
import { JOB_ID } from './jobs-read.ts';

export function batchesDeleteRoute(services: Services) {
  const app = new Hono<AppEnv>();
  app.delete('/api/batches/:id', async (c) => {
    const id = c.req.param('id');
    const cancelled = JOB_ID.test(id) ? await cancelBatch(services, id) : undefined;
    if (cancelled === undefined) throw missingBatch(id);
    return c.json({ id, cancelled });
  });
  app.delete('/api/batches/:id/items/:itemId', async (c) => {
    const { id, itemId } = c.req.param();
    if (!JOB_ID.test(id) || !(await services.store.getBatch(id))) throw missingBatch(id);
    if (!JOB_ID.test(itemId) || !(await removeBatchItem(services, id, itemId)))
      throw notFound(`Batch ${id.slice(0, 8)}… has no item ${itemId.slice(0, 40)}.`);
    return c.json({ id: itemId, removed: true });
  });
  return app;
}
