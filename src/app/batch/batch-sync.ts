/**
 * Mirrors the batch store into IndexedDB and brings it back after a reload. Item records are written
 * when something worth keeping changed (status, ids, thumbnails, error), at most every FLUSH_MS, not
 * on every progress tick: progress is read again from the server once the watcher resumes.
 */
import { batchDb, META_KEY, type BatchChange } from './batch-db.ts';
import { countItems, useBatch, type BatchItem, type BatchMeta, type BatchState } from './batch-store.ts';
import { useBatchShell } from './shell.ts';

const FLUSH_MS = 400;
/** Fields that change many times a second while a job runs and are not worth a write. */
const VOLATILE = new Set<keyof BatchItem>(['progress', 'stage', 'queuePosition']);

interface SavedMeta {
  meta: BatchMeta;
  order: string[];
}

/** True when `a` and `b` differ in a field that survives a reload. */
export function differsDurably(a: BatchItem, b: BatchItem): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof BatchItem>;
  for (const key of keys) if (!VOLATILE.has(key) && a[key] !== b[key]) return true;
  return false;
}

/** The writes that take IndexedDB from `prev` to `next` (photos and results are written elsewhere). */
export function batchChanges(prev: BatchState, next: BatchState): BatchChange[] {
  const changes: BatchChange[] = [];
  if (prev.meta !== next.meta || prev.order !== next.order) {
    const value: SavedMeta | undefined = next.meta ? { meta: next.meta, order: next.order } : undefined;
    changes.push({ store: 'meta', key: META_KEY, value });
  }
  if (prev.items !== next.items) {
    for (const [id, item] of Object.entries(next.items)) {
      const before = prev.items[id];
      if (!before || (before !== item && differsDurably(before, item)))
        changes.push({ store: 'items', key: id, value: item });
    }
    for (const id of Object.keys(prev.items)) {
      if (next.items[id]) continue;
      for (const store of ['items', 'inputs', 'results'] as const)
        changes.push({ store, key: id, value: undefined });
    }
  }
  return changes;
}

function summarise(state: BatchState) {
  if (!state.meta) return null;
  const counts = countItems(Object.values(state.items));
  return {
    total: counts.total,
    done: counts.done,
    failed: counts.failed,
    active: counts.queued + counts.running,
  };
}

let pending: BatchChange[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let writing: Promise<void> = Promise.resolve();
let reportError: (message: string) => void = () => {};
let lastError: string | null = null;

/** Writes what is pending now (also on pagehide, so a reload loses at most the last few ms). */
function flushBatch(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  // Later writes of the same record win: keep only the last change per store and key.
  const last = new Map(pending.map((c) => [`${c.store}\u0000${c.key}`, c]));
  pending = [];
  writing = writing
    .then(() => batchDb.write([...last.values()]))
    .catch((error: Error) => {
      if (lastError !== error.message)
        reportError(`Could not save the batch in this browser: ${error.message}`);
      lastError = error.message;
    });
  return writing;
}

let started = false;

/** Starts mirroring (once). */
export function startBatchSync(onError: (message: string) => void): void {
  reportError = onError;
  if (started) return;
  started = true;
  useBatchShell.setState({ summary: summarise(useBatch.getState()) });
  useBatch.subscribe((next, prev) => {
    if (next.items !== prev.items || next.meta !== prev.meta)
      useBatchShell.setState({ summary: summarise(next) });
    const changes = batchChanges(prev, next);
    if (changes.length === 0) return;
    pending.push(...changes);
    timer ??= setTimeout(() => void flushBatch(), FLUSH_MS);
  });
  window.addEventListener('pagehide', () => void flushBatch());
}

/**
 * Loads the saved batch into the store. Items that were on their way up when the tab closed go back
 * to `waiting` (their photos are in IndexedDB); the rest keep their status until the watcher asks.
 */
export async function loadSavedBatch(): Promise<boolean> {
  const saved = await batchDb.read<SavedMeta>('meta', META_KEY);
  if (!saved) return false;
  const records = await batchDb.readAll<BatchItem>('items');
  const items: Record<string, BatchItem> = {};
  const order = saved.order.filter((id) => records.has(id));
  for (const id of order) {
    const item = records.get(id)!;
    items[id] = item.transfer === 'uploading' ? { ...item, transfer: 'waiting' } : item;
  }
  useBatch.setState({ meta: saved.meta, order, items, openItemId: null, filter: 'all' });
  return true;
}
