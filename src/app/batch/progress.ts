/**
 * The batch's overall numbers: how far it is, how long it has taken, how long it will take, and how
 * many bytes went in and came out. Pure, so the header, the tests and the bench agree.
 */
import { countItems, type BatchCounts, type BatchItem, type BatchMeta } from './batch-store.ts';

export interface BatchProgress {
  counts: BatchCounts;
  /** Items that reached an end (done, failed, cancelled) over all items, 0..1. */
  fraction: number;
  /** Wall-clock time since Run, until the last item finished (ms); 0 before Run. */
  elapsedMs: number;
  /** Estimated time until the open items finish (ms), or null until there is a rate to go by. */
  remainingMs: number | null;
  bytesIn: number;
  bytesOut: number;
  running: boolean;
}

/**
 * Time left = open items ÷ the rate at which the server has been finishing them since Run. Counting
 * finished items over wall time (not summing job times) already accounts for the executor running
 * several at once and for the queue in front of them.
 */
export function estimateRemaining(finishedSinceRun: number, sinceRunMs: number, open: number): number | null {
  if (open === 0) return 0;
  if (finishedSinceRun === 0 || sinceRunMs <= 0) return null;
  return (open * sinceRunMs) / finishedSinceRun;
}

export function batchProgress(meta: BatchMeta | null, items: BatchItem[], now: number): BatchProgress {
  const counts = countItems(items);
  const open = counts.queued + counts.running;
  let bytesIn = 0;
  let bytesOut = 0;
  let lastFinish = 0;
  let finishedByServer = 0;
  for (const item of items) {
    bytesIn += item.bytes;
    if (item.status === 'done') bytesOut += item.output?.bytes ?? 0;
    if (item.finishedAt && meta?.runAt && item.finishedAt >= meta.runAt && item.jobId) {
      finishedByServer++;
      lastFinish = Math.max(lastFinish, item.finishedAt);
    }
  }
  const runAt = meta?.runAt ?? null;
  const end = open > 0 ? now : lastFinish || now;
  const elapsedMs = runAt ? Math.max(0, end - runAt) : 0;
  return {
    counts,
    fraction: counts.total === 0 ? 0 : (counts.total - open) / counts.total,
    elapsedMs,
    remainingMs: runAt ? estimateRemaining(finishedByServer, now - runAt, open) : null,
    bytesIn,
    bytesOut,
    running: runAt !== null && open > 0 && !meta?.stopped,
  };
}

/** "45 s", "3 min 20 s", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A rounded, calm estimate: "about 40 s left", "about 3 min left". */
export function formatRemaining(ms: number | null): string {
  if (ms === null) return 'estimating time left…';
  if (ms < 5_000) return 'almost done';
  if (ms < 60_000) return `about ${Math.ceil(ms / 10_000) * 10} s left`;
  if (ms < 3_600_000) return `about ${Math.round(ms / 60_000)} min left`;
  return `about ${(ms / 3_600_000).toFixed(1)} h left`;
}
