/**
 * Brings a done item's result home: its bytes into IndexedDB (so a reload, an expired server copy or
 * a restarted server loses nothing) and a small thumbnail onto the item for the grid. Two at a time;
 * the full-size bytes are not kept in memory after they are stored.
 */
import pLimit from 'p-limit';
import { getBlob, jobUrls } from '../api/client.ts';
import { batchDb } from './batch-db.ts';
import { useBatch } from './batch-store.ts';
import { makeThumbnail, queueThumbnail } from './thumbnail.ts';

const limit = pLimit(2);
const collecting = new Set<string>();

/** Fetches and stores item `id`'s result once (again on a later call if this one failed). */
export function collectResult(id: string): void {
  if (collecting.has(id)) return;
  const jobId = useBatch.getState().items[id]?.jobId;
  if (!jobId) return;
  collecting.add(id);
  void limit(async () => {
    const item = useBatch.getState().items[id];
    if (!item || item.resultSaved || item.jobId !== jobId) return;
    const blob = await getBlob(jobUrls(jobId).result);
    const thumb = await queueThumbnail(() => makeThumbnail(blob));
    // Retried or removed meanwhile: this result belongs to a job the item no longer follows.
    if (useBatch.getState().items[id]?.jobId !== jobId) return;
    await batchDb.write([{ store: 'results', key: id, value: blob }]);
    useBatch.getState().updateItem(id, { resultSaved: true, ...(thumb ? { resultThumb: thumb.blob } : {}) });
  })
    .catch(() => {
      // Left unsaved: the watcher's next answer or the detail view asks again.
    })
    .finally(() => collecting.delete(id));
}
