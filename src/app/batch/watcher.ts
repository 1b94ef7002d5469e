/**
 * Follows the server's batch: long-polls GET /api/batches/:id?wait and files each item's status,
 * progress, output and error on the local item it belongs to; a done item's result is then brought
 * home (collector.ts). Runs while any sent item is open; after a reload it simply starts again.
 */
import { BffError } from '../api/client.ts';
import { getBatch, type ServerBatch, type ServerItem } from './batch-api.ts';
import { isOpenStatus, useBatch, type BatchItem } from './batch-store.ts';
import { collectResult } from './collector.ts';
import { create } from 'zustand';

const WAIT_MS = 20_000;
/** Never ask more often than this, even if the server answers at once. */
const MIN_GAP_MS = 250;

/**
 * What the last answer said about the batch as a whole, not worth keeping over a reload: whether the
 * server could be asked at all (the watcher keeps trying), its own time-left estimate, and until when
 * a provider's rate limit holds the batch back.
 */
export const useWatchHealth = create<{ lostContact: boolean; secondsLeft?: number; backoffUntil?: string }>(
  () => ({ lostContact: false }),
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const time = (iso?: string) => (iso ? Date.parse(iso) : undefined);

/** The local patch for one server item, or null when nothing the view shows changed. */
export function patchFor(item: BatchItem, server: ServerItem): Partial<BatchItem> | null {
  const patch: Partial<BatchItem> = {
    status: server.status,
    progress: server.status === 'done' ? 1 : (server.progress ?? item.progress),
    stage: server.stage,
    queuePosition: server.queuePosition,
    error: server.error,
    output: server.output,
    warnings: server.warnings?.length ?? item.warnings,
    compliance: server.compliance,
    startedAt: time(server.createdAt) ?? item.startedAt,
    finishedAt: time(server.finishedAt),
  };
  const changed = (Object.keys(patch) as (keyof BatchItem)[]).some(
    (k) => JSON.stringify(patch[k]) !== JSON.stringify(item[k]),
  );
  return changed ? patch : null;
}

/** Applies a batch answer to the store; returns the ids whose result should be fetched. */
export function applyServerBatch(batch: ServerBatch): string[] {
  const { items, updateItems } = useBatch.getState();
  const byServerId = new Map<string, BatchItem>();
  for (const item of Object.values(items)) if (item.serverItemId) byServerId.set(item.serverItemId, item);
  const patches = new Map<string, Partial<BatchItem>>();
  const toCollect: string[] = [];
  for (const server of batch.items) {
    const item = byServerId.get(server.id);
    if (!item || item.jobId !== server.jobId) continue; // removed here, or replaced by a retry
    const patch = patchFor(item, server);
    if (patch) patches.set(item.id, patch);
    if (server.status === 'done' && !item.resultSaved) toCollect.push(item.id);
  }
  updateItems(patches);
  return toCollect;
}

/** Items per page: enough that a usual batch is one request. */
const PAGE = 500;

async function fetchAll(id: string, waitMs: number): Promise<ServerBatch> {
  const first = await getBatch(id, { waitMs, limit: PAGE });
  const items = [...first.items];
  while (items.length < first.page.total) {
    const page = await getBatch(id, { offset: items.length, limit: PAGE });
    if (page.items.length === 0) break;
    items.push(...page.items);
  }
  return { ...first, items };
}

const hasOpenSent = () =>
  Object.values(useBatch.getState().items).some((i) => i.transfer === 'sent' && isOpenStatus(i.status));

/** The server no longer knows the batch (restarted without it, or it expired): say so on each item. */
function markLost(): void {
  const patches = new Map<string, Partial<BatchItem>>();
  for (const item of Object.values(useBatch.getState().items)) {
    if (item.transfer !== 'sent' || !isOpenStatus(item.status)) continue;
    patches.set(item.id, {
      status: 'failed',
      error: {
        code: 'batch-lost',
        message:
          'The server no longer has this batch (it was reset or the batch expired). Retry to run it again.',
      },
    });
  }
  useBatch.getState().updateItems(patches);
}

let watching = false;

/** Starts following the batch unless already doing so. */
export function startWatching(): void {
  if (watching) return;
  watching = true;
  void watch().finally(() => {
    watching = false;
  });
}

async function watch(): Promise<void> {
  let failures = 0;
  let first = true;
  while (useBatch.getState().meta?.serverId && (first || hasOpenSent())) {
    const serverId = useBatch.getState().meta!.serverId!;
    const started = Date.now();
    try {
      // The first question answers at once (a reload must show the truth now), later ones wait for news.
      const batch = await fetchAll(serverId, first || !hasOpenSent() ? 0 : WAIT_MS);
      if (useBatch.getState().meta?.serverId !== serverId) return;
      for (const id of applyServerBatch(batch)) collectResult(id);
      failures = 0;
      first = false;
      useWatchHealth.setState({
        lostContact: false,
        secondsLeft: batch.secondsLeft,
        backoffUntil: batch.backoffUntil,
      });
      const stopped = batch.status === 'stopped' ? (batch.stopReason ?? null) : null;
      if (JSON.stringify(stopped) !== JSON.stringify(useBatch.getState().meta?.stopped ?? null))
        useBatch.getState().setMeta({ stopped });
      if (!hasOpenSent()) break;
    } catch (error) {
      if (error instanceof BffError && error.status === 404) return markLost();
      failures++;
      useWatchHealth.setState({ lostContact: failures >= 2 });
      await sleep(Math.min(15_000, 500 * 2 ** failures));
    }
    await sleep(Math.max(0, MIN_GAP_MS - (Date.now() - started)));
  }
  collectMissing();
}

/** Results of done items not yet home (a reload or a failed fetch in between) are fetched now. */
export function collectMissing(): void {
  for (const item of Object.values(useBatch.getState().items))
    if (item.status === 'done' && !item.resultSaved && item.jobId) collectResult(item.id);
}
