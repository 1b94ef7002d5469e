/**
 * Running a batch: Run fixes the request text (the exact body the JSON preview shows) and the executor,
 * then the photos go up in chunks (POST /api/batches, then POST /api/batches/:id/items), each chunk
 * small enough that a slow upload shows progress and a refused file costs little. Cancel, retry,
 * replace and remove act on one item; cancel all and retry failed on many.
 */
import { print } from '../../recipe/index.ts';
import type { ApiError } from '../../recipe/api-types.ts';
import { BffError, cancelJob, toApiError } from '../api/client.ts';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';
import { selectActiveFinish, useFinish } from '../finishing/finish-store.ts';
import { rulesPresetId, usePresets } from '../state/preset-store.ts';
import { useSession } from '../state/session-store.ts';
import {
  addBatchItems,
  cancelBatch,
  createBatch,
  removeBatchItem,
  retryBatchItem,
  type ServerItemCreated,
} from './batch-api.ts';
import { isOpenStatus, useBatch, type BatchItem } from './batch-store.ts';
import { readInput } from './inputs.ts';
import { startWatching, collectMissing, useWatchHealth } from './watcher.ts';

/** One upload carries at most this many photos, or this many bytes (whichever comes first). */
export const CHUNK_FILES = 12;
export const CHUNK_BYTES = 48 * 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const store = () => useBatch.getState();

/** The next photos to upload, in grid order: up to CHUNK_FILES and CHUNK_BYTES (at least one). */
export function nextChunk(order: string[], items: Record<string, BatchItem>, single = false): BatchItem[] {
  const chunk: BatchItem[] = [];
  let bytes = 0;
  for (const id of order) {
    const item = items[id];
    if (!item || item.transfer !== 'waiting' || item.status !== 'queued') continue;
    if (chunk.length > 0 && (bytes + item.bytes > CHUNK_BYTES || chunk.length >= (single ? 1 : CHUNK_FILES)))
      break;
    chunk.push(item);
    bytes += item.bytes;
  }
  return chunk;
}

function patchAll(ids: string[], patch: Partial<BatchItem>): void {
  store().updateItems(new Map(ids.map((id) => [id, patch])));
}

/** Builds the multipart body: the batch's fields on the first upload, then the photos in order. */
async function formFor(chunk: BatchItem[], first: boolean): Promise<{ form: FormData; sent: BatchItem[] }> {
  const meta = store().meta!;
  const form = new FormData();
  if (first) {
    form.set('dialect', meta.dialect);
    form.set('request', meta.requestText!);
    form.set('executor', meta.executor);
    // The same recipe as a single run: finishing beside the request, and the preset that checks it.
    if (meta.finishText) form.set('finish', meta.finishText);
    if (meta.preset) form.set('preset', meta.preset);
  }
  const sent: BatchItem[] = [];
  for (const item of chunk) {
    const blob = await readInput(item.id);
    if (!blob) {
      store().updateItem(item.id, {
        status: 'failed',
        transfer: 'draft',
        error: {
          code: 'input-missing',
          message: `“${item.name}” is no longer stored in this browser. Replace the file to run it.`,
        },
      });
      continue;
    }
    form.append('images', blob, item.name);
    sent.push(item);
  }
  return { form, sent };
}

/** The server's answer for each photo sent, in the order sent: queued, or refused with its reason. */
function fileAnswers(sent: BatchItem[], answers: ServerItemCreated[]): void {
  const patches = new Map<string, Partial<BatchItem>>();
  sent.forEach((item, i) => patches.set(item.id, answerPatch(answers[i])));
  store().updateItems(patches);
}

function answerPatch(answer: ServerItemCreated | undefined): Partial<BatchItem> {
  if (!answer) return { transfer: 'waiting' };
  return {
    transfer: 'sent',
    serverItemId: answer.id,
    jobId: answer.jobId,
    status: answer.status,
    error: answer.error,
    progress: 0,
  };
}

/** Whether an upload failure ends the whole batch (every later upload would fail the same way). */
const stopsBatch = (error: BffError) =>
  error.status === 402 ||
  error.status === 401 ||
  ['dialect', 'request', 'executor'].includes(error.error.path ?? '');

async function sendChunk(chunk: BatchItem[]): Promise<'ok' | 'retry' | 'split' | 'stop'> {
  const meta = store().meta!;
  patchAll(
    chunk.map((i) => i.id),
    { transfer: 'uploading' },
  );
  const { form, sent } = await formFor(chunk, !meta.serverId);
  if (sent.length === 0) return 'ok';
  try {
    if (meta.serverId) {
      fileAnswers(sent, (await addBatchItems(meta.serverId, form)).items);
    } else {
      const created = await createBatch(form);
      store().setMeta({ serverId: created.id });
      fileAnswers(sent, created.items);
    }
    useWatchHealth.setState({ lostContact: false });
    startWatching();
    return 'ok';
  } catch (cause) {
    const error = cause instanceof BffError ? cause : null;
    if (!error || error.status === 0 || error.status === 429 || error.status >= 500) {
      patchAll(
        sent.map((i) => i.id),
        { transfer: 'waiting' },
      );
      useWatchHealth.setState({ lostContact: true });
      return 'retry';
    }
    if (stopsBatch(error)) {
      patchAll(
        sent.map((i) => i.id),
        { transfer: 'waiting' },
      );
      stop(error.error);
      return 'stop';
    }
    // A refusal of one file fails the whole upload: send the photos one by one to find which.
    if (sent.length > 1) {
      patchAll(
        sent.map((i) => i.id),
        { transfer: 'waiting' },
      );
      return 'split';
    }
    store().updateItem(sent[0]!.id, { status: 'failed', transfer: 'draft', error: error.error });
    return 'ok';
  }
}

let sending: Promise<void> | null = null;

/** Uploads every waiting photo (one upload at a time); safe to call whenever photos are added. */
export function sendWaiting(): Promise<void> {
  sending ??= sendLoop().finally(() => {
    sending = null;
  });
  return sending;
}

async function sendLoop(): Promise<void> {
  let failures = 0;
  let single = 0;
  for (;;) {
    const { meta, order, items } = store();
    if (!meta?.runAt || meta.stopped) return;
    const chunk = nextChunk(order, items, single > 0);
    if (chunk.length === 0) return;
    const outcome = await sendChunk(chunk);
    if (outcome === 'stop') return;
    if (outcome === 'split') single = chunk.length;
    else if (single > 0) single--;
    if (outcome === 'retry') await sleep(Math.min(30_000, 1000 * 2 ** failures++));
    else failures = 0;
  }
}

function stop(error: ApiError): void {
  store().setMeta({ stopped: error });
}

/**
 * Run: every ready photo is sent with the request as the preview shows it now, on the chosen executor,
 * with the Finishing panel's settings and the picked preset's check, as a single run sends them.
 */
export function runBatch(): void {
  const { meta, order, items } = store();
  if (!meta || meta.runAt) return;
  const editor = useEditor.getState();
  const finish = selectActiveFinish(useFinish.getState());
  store().setMeta({
    dialect: editor.dialect,
    requestText: print(selectActiveRequest(editor), editor.dialect),
    finishText: finish ? JSON.stringify(finish) : null,
    preset: rulesPresetId(usePresets.getState()) ?? null,
    executor: useSession.getState().executor,
    runAt: Date.now(),
    stopped: null,
  });
  patchAll(
    order.filter((id) => items[id]!.transfer === 'draft' && items[id]!.status === 'queued'),
    { transfer: 'waiting' },
  );
  void sendWaiting();
}

/** After a reload, or after the user cleared a stop: uploads and watching pick up where they were. */
export function resumeBatch(): void {
  const meta = store().meta;
  if (!meta?.runAt) return;
  void sendWaiting();
  if (meta.serverId) startWatching();
  collectMissing();
}

/** Cancels one item: on the server when it was sent, here otherwise. */
export async function cancelItem(id: string): Promise<void> {
  const item = store().items[id];
  if (!item || !isOpenStatus(item.status)) return;
  store().updateItem(id, { status: 'cancelled', transfer: item.transfer === 'sent' ? 'sent' : 'draft' });
  if (item.transfer === 'sent' && item.jobId) {
    await cancelJob(item.jobId).catch((error) =>
      store().updateItem(id, { status: item.status, error: toApiError(error) }),
    );
  }
}

/** Cancels everything queued or running; done results stay. */
export async function cancelAll(): Promise<void> {
  const { meta, items } = store();
  const open = Object.values(items).filter((i) => isOpenStatus(i.status));
  patchAll(
    open.map((i) => i.id),
    { status: 'cancelled' },
  );
  patchAll(
    open.filter((i) => i.transfer !== 'sent').map((i) => i.id),
    { transfer: 'draft' },
  );
  if (meta?.serverId) await cancelBatch(meta.serverId).catch(() => undefined);
}

/** Whether an item can be run again as it is (a refused file must be replaced first). */
export const canRetry = (item: BatchItem) =>
  (item.status === 'failed' || item.status === 'cancelled') &&
  item.error?.code !== 'refused' &&
  item.error?.code !== 'input-missing';

/** What an item forgets when it runs again. */
const FRESH: Partial<BatchItem> = {
  status: 'queued',
  progress: 0,
  stage: undefined,
  error: undefined,
  output: undefined,
  compliance: undefined,
  finishedAt: undefined,
  resultSaved: false,
  resultThumb: undefined,
};

/**
 * Runs one item again with the batch's request: on the server as the same item with a new job (with
 * the photo that replaced the old one, when `replaced`), or as a fresh upload if it was never sent.
 */
export async function retryItem(id: string, replaced?: Blob): Promise<void> {
  const item = store().items[id];
  const meta = store().meta;
  if (!item || !meta) return;
  const running = meta.runAt !== null;
  if (meta.stopped) store().setMeta({ stopped: null }); // retrying starts a stopped batch again
  if (!item.serverItemId || !meta.serverId || !running) {
    store().updateItem(id, {
      ...FRESH,
      transfer: running ? 'waiting' : 'draft',
      attempts: item.attempts + 1,
    });
    if (running) void sendWaiting();
    return;
  }
  store().updateItem(id, { ...FRESH, transfer: 'uploading', attempts: item.attempts + 1 });
  try {
    const image = replaced ? { blob: replaced, name: item.name } : undefined;
    const answer = await retryBatchItem(meta.serverId, item.serverItemId, image);
    store().updateItem(id, answerPatch(answer));
    startWatching();
  } catch (error) {
    store().updateItem(id, { status: 'failed', transfer: 'sent', error: toApiError(error) });
  }
}

/** Runs the failed items again (and the cancelled ones with `cancelled`, e.g. after a stop). */
export function retryFailed(options: { cancelled?: boolean } = {}): void {
  for (const item of Object.values(store().items)) {
    if (canRetry(item) && (item.status === 'failed' || options.cancelled)) void retryItem(item.id);
  }
}

/** Takes an item out of the batch here (cancelling it on the server when it was still open). */
export async function removeItem(id: string): Promise<void> {
  const item = store().items[id];
  const serverId = store().meta?.serverId;
  if (!item) return;
  store().removeItem(id);
  // The server cancels it if it is still open, and leaves it out of the archive's manifest.
  if (serverId && item.serverItemId)
    await removeBatchItem(serverId, item.serverItemId).catch(() => undefined);
}
