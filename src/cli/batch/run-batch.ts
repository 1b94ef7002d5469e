/**
 * Runs one `backdrop batch` against the batch API (in-process or a server): keeps up to `window` items
 * at the server, adds more as items end, long-polls the batch, downloads each result into OUT_DIR as it
 * is done and rewrites the manifests after every change. Stops early on Ctrl-C (the signal), on
 * --fail-fast's first failure, or when the server stops the batch (no credits); whatever did not run
 * is written to the manifest as `cancelled` with the reason, so --resume picks it up.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  ApiError,
  BatchItem,
  BatchManifest,
  BatchManifestRow,
  BatchView,
  Dialect,
  ExecutorId,
  Finish,
  JsonObject,
} from '../../recipe/index.ts';
import { countsOf } from '../../server/jobs/batch/batches.ts';
import { manifestRow, type ManifestSource } from '../../server/jobs/batch/manifest.ts';
import { resultName, resultStems } from '../../server/jobs/batch/names.ts';
import { BatchApiError, type BatchClient, type UploadFile } from './client.ts';
import type { BatchInputFile } from './inputs.ts';
import { writeManifest } from './out-dir.ts';
import type { Progress } from './progress.ts';

export interface BatchRun {
  client: BatchClient;
  dialect: Dialect;
  executor: ExecutorId;
  /** The request file's text, sent as is. */
  requestText: string;
  request: JsonObject;
  /** A marketplace preset id: the server checks every result against its rules. */
  preset?: string;
  /** Backdrop's finishing for every item (the `finish` field), written into each manifest row. */
  finish?: Finish;
  /** Every input (names and result names are computed over all of them, so they are stable on resume). */
  inputs: BatchInputFile[];
  /** Rows of inputs a previous run finished (--resume), by resolved source path. */
  previous: Map<string, BatchManifestRow>;
  outDir: string;
  /** Items kept at the server at once. */
  window: number;
  failFast: boolean;
  progress: Progress;
  /** Aborts on Ctrl-C. */
  signal: AbortSignal;
}

export interface BatchOutcome {
  rows: BatchManifestRow[];
  /** Why the run stopped before every input ran, if it did. */
  stopped?: { reason: 'interrupted' | 'fail-fast' | 'server'; error?: ApiError };
}

const POLL_WAIT_MS = 15_000;
const RECONNECT_MS = 90_000;

function pendingRow(file: BatchInputFile, executor: ExecutorId): BatchManifestRow {
  return {
    input: file.name,
    source: file.path,
    output: '',
    status: 'queued',
    warnings: [],
    width: 0,
    height: 0,
    bytes: 0,
    executor,
    timings: {},
    totalMs: 0,
  };
}

export async function runBatch(run: BatchRun): Promise<BatchOutcome> {
  const stems = resultStems(run.inputs.map((file) => file.name));
  const rows = run.inputs.map(
    (file) => run.previous.get(path.resolve(file.path)) ?? pendingRow(file, run.executor),
  );
  const waiting = run.inputs.map((_, i) => i).filter((i) => rows[i]!.status !== 'done');
  const inFlight = new Map<string, number>(); // jobId → input index
  let batchId: string | undefined;
  let stopped: BatchOutcome['stopped'];
  let createdAt = new Date().toISOString();

  const manifest = (view?: BatchView): BatchManifest => ({
    batch: {
      id: batchId ?? '',
      status: stopped ? (stopped.reason === 'server' ? 'stopped' : 'cancelled') : (view?.status ?? 'running'),
      dialect: run.dialect,
      executor: run.executor,
      request: run.request,
      ...(run.preset ? { preset: run.preset } : {}),
      ...(run.finish ? { finish: run.finish } : {}),
      counts: countsOf(rows),
      createdAt,
      writtenAt: new Date().toISOString(),
    },
    items: rows,
  });
  const save = (view?: BatchView) => writeManifest(run.outDir, manifest(view));

  const submit = async () => {
    const room = run.window - inFlight.size;
    if (room <= 0 || waiting.length === 0 || stopped) return;
    const chunk = waiting.splice(0, room);
    const files: UploadFile[] = chunk.map((i) => ({ path: run.inputs[i]!.path, name: run.inputs[i]!.name }));
    const created = batchId
      ? await run.client.add(batchId, files)
      : await run.client.create(
          {
            dialect: run.dialect,
            executor: run.executor,
            request: run.requestText,
            ...(run.preset ? { preset: run.preset } : {}),
            ...(run.finish ? { finish: run.finish } : {}),
          },
          files,
        );
    if (!batchId) createdAt = new Date().toISOString();
    batchId = created.id;
    created.items.forEach((item, k) => {
      const index = chunk[k]!;
      if (item.status === 'failed') finish(index, failedItem(item.error, run.executor));
      else inFlight.set(item.jobId, index);
    });
  };

  const finish = (
    index: number,
    job: Parameters<typeof manifestRow>[2] & { jobId?: string },
    output?: string,
  ) => {
    rows[index] = {
      ...manifestRow(run.inputs[index]!.name, output, job, run.finish),
      source: run.inputs[index]!.path,
    };
    run.progress.item(rows[index]!);
  };

  const download = async (item: BatchItem, index: number) => {
    const name = resultName(stems[index]!, String(item.output?.format ?? 'png'));
    const target = path.join(run.outDir, name);
    const temp = `${target}.${process.pid}.part`;
    try {
      const response = await run.client.result(item.jobId);
      await pipeline(Readable.fromWeb(response.body! as never), createWriteStream(temp));
      await rename(temp, target);
      finish(index, { ...item, executor: run.executor }, name);
    } catch (error) {
      await rm(temp, { force: true });
      finish(index, {
        ...item,
        executor: run.executor,
        status: 'failed',
        error: {
          code: 'download-failed',
          message: `The result could not be saved: ${(error as Error).message}`,
        },
      });
    }
  };

  const stopAll = (reason: NonNullable<BatchOutcome['stopped']>, message: string) => {
    stopped ??= reason;
    const error: ApiError = { code: reason.error?.code ?? `stopped-${reason.reason}`, message };
    for (const index of [...waiting.splice(0), ...inFlight.values()])
      if (rows[index]!.status !== 'done')
        rows[index] = { ...rows[index]!, status: 'cancelled', errorCode: error.code, error: error.message };
    inFlight.clear();
  };

  /**
   * The batch, long-polled. A server that stops answering (a restart: it runs the batch's unfinished
   * items again by itself) is waited for up to RECONNECT_MS before the run gives up.
   */
  const poll = async (id: string): Promise<BatchView> => {
    const deadline = Date.now() + RECONNECT_MS;
    for (;;) {
      try {
        const view = await run.client.view(id, POLL_WAIT_MS);
        run.progress.status('');
        return view;
      } catch (error) {
        if (
          !(error instanceof BatchApiError) ||
          error.status !== 0 ||
          Date.now() > deadline ||
          run.signal.aborted
        )
          throw error;
        run.progress.status('the server does not answer; waiting for it to come back…');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  };
  let lastView: BatchView | undefined;
  // One listener for the whole run (a new one per poll would pile up).
  const interrupted = new Promise<undefined>((resolve) =>
    run.signal.aborted
      ? resolve(undefined)
      : run.signal.addEventListener('abort', () => resolve(undefined), { once: true }),
  );
  try {
    await submit();
    await save();
    while ((inFlight.size > 0 || waiting.length > 0) && !stopped) {
      if (run.failFast && rows.some((row) => row.status === 'failed')) {
        stopAll({ reason: 'fail-fast' }, 'Not run: --fail-fast stopped the batch at the first failure.');
        break;
      }
      const view = await Promise.race([poll(batchId!), interrupted]);
      if (run.signal.aborted || !view) {
        stopAll(
          { reason: 'interrupted' },
          'Not run: the batch was stopped (Ctrl-C). Run again with --resume.',
        );
        break;
      }
      lastView = view;
      for (const item of view.items) {
        const index = inFlight.get(item.jobId);
        if (index === undefined || item.status === 'queued' || item.status === 'running') continue;
        inFlight.delete(item.jobId);
        if (item.status === 'done') await download(item, index);
        else finish(index, { ...item, executor: run.executor });
      }
      const wait = view.backoffUntil ? Math.ceil((Date.parse(view.backoffUntil) - Date.now()) / 1000) : 0;
      run.progress.status(wait > 0 ? `waiting ${wait} s: the provider asked to slow down (429)` : '');
      run.progress.redraw(view.secondsLeft);
      if (view.status === 'stopped' && view.stopReason)
        stopAll({ reason: 'server', error: view.stopReason }, `Not run: ${view.stopReason.message}`);
      else if (!run.failFast || rows.every((row) => row.status !== 'failed')) await submit();
      await save(view);
    }
  } finally {
    if (stopped && batchId) await run.client.cancel(batchId);
    await save(lastView);
  }
  return { rows, ...(stopped ? { stopped } : {}) };
}

function failedItem(error: ApiError | undefined, executor: ExecutorId): ManifestSource {
  return {
    status: 'failed',
    error: error ?? { code: 'refused', message: 'The server refused this input.' },
    warnings: [],
    timings: {},
    executor,
  };
}
