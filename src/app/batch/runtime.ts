/**
 * The batch's entry points, loaded on first use (see shell.ts): add files, restore after a reload,
 * start afresh. Running, cancelling and retrying live in runner.ts; the watcher in watcher.ts.
 */
import type { UploadLimits } from '../../recipe/api-types.ts';
import { FALLBACK_LIMITS } from '../api/hooks.ts';
import { getExecutors } from '../api/client.ts';
import { queryClient } from '../api/query-client.ts';
import { showToast } from '../common/toast.ts';
import { useEditor } from '../state/editor-store.ts';
import { useSession } from '../state/session-store.ts';
import { admit, thumbnailLater } from './admit.ts';
import { loadSavedBatch, startBatchSync } from './batch-sync.ts';
import { isOpenStatus, useBatch, type BatchItem } from './batch-store.ts';
import { expandFiles, type Candidate } from './ingest.ts';
import { forgetInput, keepInputs } from './inputs.ts';
import { plural } from './labels.ts';
import { cancelAll, resumeBatch, retryItem, sendWaiting } from './runner.ts';
import { savedView, useBatchShell } from './shell.ts';

/** Most photos one batch holds; beyond it, start a second batch (the grid and manifest stay usable). */
export const MAX_ITEMS = 1000;

const warn = (message: string) => showToast(message, 'warning');

async function uploadLimits(): Promise<UploadLimits> {
  try {
    const info = await queryClient.fetchQuery({
      queryKey: ['executors'],
      queryFn: ({ signal }) => getExecutors(signal),
      staleTime: 60_000,
    });
    return info.limits;
  } catch {
    return FALLBACK_LIMITS;
  }
}

function ensureBatch(): void {
  startBatchSync(warn);
  if (useBatch.getState().meta) return;
  useBatch.getState().start({
    id: crypto.randomUUID(),
    serverId: null,
    dialect: useEditor.getState().dialect,
    executor: useSession.getState().executor,
    requestText: null,
    createdAt: Date.now(),
    runAt: null,
    stopped: null,
  });
}

/** Says what was passed over, in one toast. */
function reportSkipped(skipped: string[], problems: string[], overflow: number) {
  for (const problem of problems) warn(problem);
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 3).join(', ');
    const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : '';
    showToast(
      `Skipped ${plural(skipped.length, 'file')} that are not photos: ${shown}${more}.`,
      'info',
      6000,
    );
  }
  if (overflow > 0)
    warn(
      `A batch holds up to ${MAX_ITEMS} photos; ${plural(overflow, 'photo was', 'photos were')} left out. Start another batch for them.`,
    );
}

/** Adds photos to the batch (starting one if needed): checked, stored, thumbnailed, and sent if running. */
export async function addCandidates(candidates: Candidate[], limits: UploadLimits): Promise<BatchItem[]> {
  ensureBatch();
  const running = useBatch.getState().meta?.runAt != null;
  const items: BatchItem[] = [];
  const inputs = new Map<string, Blob>();
  for (const candidate of candidates) {
    const item = await admit(candidate, limits, running ? 'waiting' : 'draft');
    items.push(item);
    if (candidate.blob && item.type) inputs.set(item.id, candidate.blob);
  }
  const saved = keepInputs(inputs);
  useBatch.getState().addItems(items);
  for (const item of items) thumbnailLater(item.id);
  if (running) {
    await saved;
    void sendWaiting();
  }
  return items;
}

/** Every photo in `files` (folders' contents, ZIPs unpacked) into the batch. */
export async function addFiles(files: readonly File[]): Promise<void> {
  const limits = await uploadLimits();
  const { photos, skipped, problems } = await expandFiles(files, limits.maxBytes);
  const room = MAX_ITEMS - useBatch.getState().order.length;
  reportSkipped(skipped, problems, Math.max(0, photos.length - room));
  if (photos.length === 0) {
    if (skipped.length === 0 && problems.length === 0) warn('No photos were found in what was dropped.');
    return;
  }
  await addCandidates(photos.slice(0, Math.max(0, room)), limits);
}

/** After a reload: the saved batch back in the store, unfinished thumbnails, uploads and watching resumed. */
export async function restore(): Promise<void> {
  if (!(await loadSavedBatch())) return;
  startBatchSync(warn);
  const { order, items } = useBatch.getState();
  for (const id of order) if (!items[id]!.thumb) thumbnailLater(id);
  useBatchShell.getState().setView(savedView());
  resumeBatch();
}

/** Cancels what is still open, then drops the batch from this browser (the server keeps done results until they expire). */
export async function discardBatch(): Promise<void> {
  if (Object.values(useBatch.getState().items).some((i) => isOpenStatus(i.status))) await cancelAll();
  useBatch.getState().clear();
  useBatchShell.getState().setView('single');
}

/**
 * Puts another file in place of an item's photo (a damaged file re-exported, a wrong one picked) and,
 * when the batch is running, runs it at once: as the same item on the server, with a new job. The item
 * keeps its place in the grid.
 */
export async function replaceItemFile(id: string, file: File): Promise<void> {
  const limits = await uploadLimits();
  const item = useBatch.getState().items[id];
  if (!item) return;
  const fresh = await admit({ name: file.name, blob: file, bytes: file.size }, limits, 'draft');
  forgetInput(id);
  if (fresh.type) await keepInputs(new Map([[id, file]]));
  const { id: _new, status, error, transfer: _t, ...facts } = fresh;
  // A sent item keeps its name: the server names its result (and its manifest line) after it.
  const name = item.serverItemId ? item.name : facts.name;
  useBatch.getState().updateItem(id, { ...facts, name, path: undefined, thumb: undefined });
  thumbnailLater(id);
  if (status === 'failed') useBatch.getState().updateItem(id, { status, error, resultSaved: false });
  else await retryItem(id, file);
}
