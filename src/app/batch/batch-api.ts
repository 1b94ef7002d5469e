/**
 * The BFF's batch routes, as the batch view uses them. Each item of a batch is a normal job, so its
 * result and details come through the job routes (api/client.ts).
 */
import type {
  BatchCreated,
  BatchItem as ServerItem,
  BatchItemCreated as ServerItemCreated,
  BatchView as ServerBatch,
} from '../../recipe/api-types.ts';
import { call } from '../api/client.ts';

export type { ServerBatch, ServerItem, ServerItemCreated };

const base = (id: string) => `/api/batches/${encodeURIComponent(id)}`;
const itemBase = (id: string, itemId: string) => `${base(id)}/items/${encodeURIComponent(itemId)}`;

/** POST /api/batches: `dialect`, `request`, `executor` and the `images`. */
export async function createBatch(form: FormData): Promise<BatchCreated> {
  return (await call('/api/batches', { method: 'POST', body: form })).json();
}

/** POST /api/batches/:id/items: more `images` for the same request. */
export async function addBatchItems(id: string, form: FormData): Promise<BatchCreated> {
  return (await call(`${base(id)}/items`, { method: 'POST', body: form })).json();
}

/** GET /api/batches/:id, one page of items; `waitMs` long-polls until something changed. */
export async function getBatch(
  id: string,
  opts: { waitMs?: number; offset?: number; limit?: number; signal?: AbortSignal } = {},
): Promise<ServerBatch> {
  const query = new URLSearchParams();
  if (opts.offset) query.set('offset', String(opts.offset));
  if (opts.limit) query.set('limit', String(opts.limit));
  if (opts.waitMs) query.set('wait', String(opts.waitMs));
  const qs = query.size ? `?${query}` : '';
  return (await call(`${base(id)}${qs}`, { signal: opts.signal })).json();
}

/** Runs an item again (a new job), with a new photo in place of the old one when given. */
export async function retryBatchItem(id: string, itemId: string, image?: { blob: Blob; name: string }) {
  const form = new FormData();
  if (image) form.set('image', image.blob, image.name);
  const res = await call(`${itemBase(id, itemId)}/retry`, { method: 'POST', body: form });
  return (await res.json()) as ServerItemCreated;
}

/** Cancels the item if it is open and takes it out of the batch (and its manifest). */
export async function removeBatchItem(id: string, itemId: string): Promise<void> {
  await call(itemBase(id, itemId), { method: 'DELETE' });
}

/** Cancels what is queued or running; done results stay downloadable. */
export async function cancelBatch(id: string): Promise<void> {
  await call(base(id), { method: 'DELETE' });
}

export const archiveUrl = (id: string) => `${base(id)}/archive`;
