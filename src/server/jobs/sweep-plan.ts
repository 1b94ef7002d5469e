/**
 * Which jobs and batches a store's sweep removes, decided from their records alone (both stores use it):
 * jobs older than the TTL go first, then the oldest finished jobs until the blobs' total is under the
 * size cap — sparing the results of batches still running, whose archive the user is waiting for. A
 * batch goes when none of its items' jobs is left (and it is over a minute old: it may still be filling).
 */
import type { BatchRecord, JobRecord } from './types.ts';

const ACTIVE = new Set(['queued', 'running']);
/** A batch younger than this may still be receiving its items. */
const BATCH_FILL_MS = 60_000;

function bytesOf(record: JobRecord): number {
  return Object.values(record.blobs).reduce((sum, blob) => sum + (blob?.bytes ?? 0), 0);
}

/** `limits.maxBytes` in bytes, `limits.ttlSeconds` in seconds, `now` in ms since the epoch. */
export function planSweep(
  jobs: JobRecord[],
  batches: BatchRecord[],
  limits: { maxBytes: number; ttlSeconds: number },
  now: number,
): { jobs: string[]; batches: string[] } {
  const gone = new Set<string>();
  const finished = jobs
    .filter((r) => !ACTIVE.has(r.view.status))
    .sort((a, b) => a.view.createdAt.localeCompare(b.view.createdAt));
  for (const record of finished)
    if (now - Date.parse(record.view.createdAt) > limits.ttlSeconds * 1000) gone.add(record.view.id);
  let total = jobs.filter((r) => !gone.has(r.view.id)).reduce((sum, r) => sum + bytesOf(r), 0);
  const running = new Set<string>();
  for (const record of jobs)
    if (record.view.batch && ACTIVE.has(record.view.status)) running.add(record.view.batch.id);
  for (const record of finished) {
    if (total <= limits.maxBytes) break;
    if (gone.has(record.view.id) || running.has(record.view.batch?.id ?? '')) continue;
    total -= bytesOf(record);
    gone.add(record.view.id);
  }
  const left = new Set(jobs.map((r) => r.view.id).filter((id) => !gone.has(id)));
  const emptyBatches = batches
    .filter((batch) => !batch.items.some((item) => left.has(item.jobId)))
    .filter((batch) => now - Date.parse(batch.createdAt) >= BATCH_FILL_MS)
    .map((batch) => batch.id);
  return { jobs: [...gone], batches: emptyBatches };
}
