/**
 * Batches: one request over many images. A batch is a stored record listing its items; each item is a
 * normal job (created through createJob, queued at batch priority), so progress, cancel, result,
 * preview and input work per item through /api/jobs/:id. The batch's own state (counts, status, time
 * left) is derived from its items' jobs whenever it is read, so it can never disagree with them.
 */
import { randomUUID } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ApiError,
  BatchCounts,
  BatchItem,
  BatchItemCreated,
  BatchStatus,
  BatchView,
  Dialect,
  ExecutorId,
  Finish,
  JobView,
  JsonObject,
} from '../../../recipe/index.ts';
import type { Services } from '../../services.ts';
import { createJob, type CheckedInput } from '../create-job.ts';
import type { BatchItemRecord, BatchRecord } from '../types.ts';
import { resultNames, uniqueName } from './names.ts';

/** What every item of a batch runs; validated at the edge like POST /api/jobs. */
export interface BatchSpec {
  dialect: Dialect;
  executor: ExecutorId;
  request: JsonObject;
  warnings: JobView['warnings'];
  /** Finishing every item gets after its executor. */
  finish?: Finish;
  /** A marketplace preset id: every item's result is checked against its rules. */
  preset?: string;
}

/** One input for a batch: a checked file, a URL, or an input the edge refused (with the reason). */
export interface BatchInput {
  name: string;
  input?: CheckedInput;
  imageUrl?: string;
  refused?: ApiError;
  /** What the edge learned about this input that the job should say (e.g. frames a provider drops). */
  warnings?: JobView['warnings'];
}

export async function createBatch(services: Services, spec: BatchSpec): Promise<BatchRecord> {
  const record: BatchRecord = {
    id: randomUUID(),
    dialect: spec.dialect,
    executor: spec.executor,
    request: spec.request,
    ...(spec.finish ? { finish: spec.finish } : {}),
    ...(spec.preset ? { preset: spec.preset } : {}),
    requestWarnings: spec.warnings,
    items: [],
    createdAt: new Date().toISOString(),
  };
  await services.store.createBatch(record);
  return record;
}

/** A batch that was cancelled or stopped runs again when items are added or retried. */
function reopen(batch: BatchRecord): void {
  delete batch.cancelledAt;
  delete batch.stoppedAt;
  delete batch.stopReason;
}

/**
 * Adds one item: reserves its unique name in the batch, then creates its job (queued, or failed at once
 * when `input.refused`). Undefined when the batch is gone.
 */
export async function addBatchItem(
  services: Services,
  batchId: string,
  input: BatchInput,
): Promise<BatchItemCreated | undefined> {
  const item: BatchItemRecord = { id: randomUUID(), name: input.name, jobId: randomUUID(), attempts: 1 };
  const batch = await services.store.updateBatch(batchId, (b) => {
    item.name = uniqueName(input.name, new Set(b.items.map((i) => i.name.toLowerCase())));
    if (item.name !== input.name) item.originalName = input.name;
    b.items.push(item);
    if (!input.refused) reopen(b);
  });
  if (!batch) return undefined;
  const job = await createJob(services, {
    id: item.jobId,
    executor: batch.executor,
    dialect: batch.dialect,
    request: batch.request,
    warnings: [...batch.requestWarnings, ...(input.warnings ?? [])],
    ...(batch.finish ? { finish: batch.finish } : {}),
    name: item.name,
    batch: { id: batch.id, itemId: item.id },
    ...(batch.preset ? { preset: batch.preset } : {}),
    ...(input.input ? { input: input.input } : {}),
    ...(input.imageUrl ? { imageUrl: input.imageUrl } : {}),
    ...(input.refused ? { refused: input.refused } : {}),
  });
  return {
    id: item.id,
    name: item.name,
    jobId: job.id,
    status: job.status,
    ...(job.error ? { error: job.error } : {}),
  };
}

/**
 * Runs an item again as a new job: from its stored input (or URL), or from `replacement` when given
 * (the user replaced a broken file). The item keeps its id and name. Undefined when batch or item is
 * gone; `{ conflict }` when it cannot run now (still active, or nothing to run it from).
 */
export async function retryBatchItem(
  services: Services,
  batchId: string,
  itemId: string,
  replacement?: BatchInput,
): Promise<BatchItemCreated | { conflict: ApiError } | undefined> {
  const batch = await services.store.getBatch(batchId);
  const item = batch?.items.find((i) => i.id === itemId);
  if (!batch || !item) return undefined;
  const previous = await services.store.get(item.jobId);
  if (previous && (previous.view.status === 'queued' || previous.view.status === 'running'))
    return {
      conflict: {
        code: 'item-active',
        message: `${item.name} is still ${previous.view.status}; cancel it first or wait for it.`,
      },
    };
  let source: Pick<BatchInput, 'input' | 'imageUrl' | 'refused' | 'warnings'> | undefined = replacement;
  if (!source) {
    const stored = previous && (await services.store.blobPath(previous.view.id, 'input'));
    if (stored && previous) {
      // Copied, not moved: the previous attempt keeps its own input for its "before" view.
      const copy = join(services.store.tempDir(), `retry-${randomUUID()}`);
      await copyFile(stored.path, copy);
      source = {
        input: {
          source: { path: copy },
          image: {
            mime: stored.blob.mime,
            width: previous.view.input.width,
            height: previous.view.input.height,
            bytes: stored.blob.bytes,
            format: String(previous.view.input.format ?? ''),
            frames: previous.view.input.frames ?? 1,
            decoderWarnings: [],
          },
        },
      };
    } else if (previous?.imageUrl) source = { imageUrl: previous.imageUrl };
  }
  if (!source)
    return {
      conflict: {
        code: 'no-input',
        message: `${item.name} has no stored input to run again (it was refused on arrival or has expired). Send a replacement file in the field "image".`,
        path: 'image',
      },
    };
  const jobId = randomUUID();
  await services.store.updateBatch(batchId, (b) => {
    const target = b.items.find((i) => i.id === itemId);
    if (!target) return;
    target.jobId = jobId;
    target.attempts += 1;
    delete target.rateLimited;
    if (!source.refused) reopen(b);
  });
  const job = await createJob(services, {
    id: jobId,
    executor: batch.executor,
    dialect: batch.dialect,
    request: batch.request,
    ...(batch.finish ? { finish: batch.finish } : {}),
    name: item.name,
    batch: { id: batch.id, itemId },
    ...(batch.preset ? { preset: batch.preset } : {}),
    ...(source.input ? { input: source.input } : {}),
    ...(source.imageUrl ? { imageUrl: source.imageUrl } : {}),
    ...(source.refused ? { refused: source.refused } : {}),
    warnings: [...batch.requestWarnings, ...(source.warnings ?? [])],
  });
  return {
    id: itemId,
    name: item.name,
    jobId,
    status: job.status,
    ...(job.error ? { error: job.error } : {}),
  };
}

/** Marks a queued or running job cancelled (with an optional reason) and takes it off the queue. */
export async function cancelJob(
  services: Pick<Services, 'store' | 'queue'>,
  jobId: string,
  reason?: ApiError,
): Promise<boolean> {
  let cancelled = false;
  await services.store.update(jobId, (r) => {
    if (r.view.status !== 'queued' && r.view.status !== 'running') return;
    // Marked first, so the worker's abort does not record a failure instead.
    r.view.status = 'cancelled';
    r.view.finishedAt = new Date().toISOString();
    delete r.view.queuePosition;
    if (reason) r.view.error = reason;
    cancelled = true;
  });
  if (cancelled) services.queue.cancel(jobId);
  return cancelled;
}

/** Cancels every queued or running item; done results stay. Resolves to how many were cancelled. */
export async function cancelBatch(services: Services, batchId: string): Promise<number | undefined> {
  const batch = await services.store.updateBatch(batchId, (b) => {
    b.cancelledAt ??= new Date().toISOString();
  });
  if (!batch) return undefined;
  let count = 0;
  // Waiting items first, so none of them starts in a slot a cancelled running item frees.
  const jobs = await itemJobs(services, batch);
  const order = [...batch.items.keys()].sort(
    (a, b) => Number(jobs[a]?.status === 'running') - Number(jobs[b]?.status === 'running'),
  );
  for (const index of order) if (await cancelJob(services, batch.items[index]!.jobId)) count++;
  return count;
}

/** Cancels the item if it is active and removes it from the batch (its job stays until the TTL). */
export async function removeBatchItem(services: Services, batchId: string, itemId: string): Promise<boolean> {
  const batch = await services.store.getBatch(batchId);
  const item = batch?.items.find((i) => i.id === itemId);
  if (!item) return false;
  await cancelJob(services, item.jobId);
  await services.store.updateBatch(batchId, (b) => {
    b.items = b.items.filter((i) => i.id !== itemId);
  });
  return true;
}

/** The job view of every item, in item order (a job gone from the store reads as undefined). */
async function itemJobs(services: Services, batch: BatchRecord): Promise<(JobView | undefined)[]> {
  return Promise.all(batch.items.map(async (item) => (await services.store.get(item.jobId))?.view));
}

/** Stands in for an item whose job expired from the store (TTL or size cap). */
function expiredJob(batch: BatchRecord, item: BatchItemRecord): JobView {
  return {
    id: item.jobId,
    executor: batch.executor,
    dialect: batch.dialect,
    status: 'failed',
    progress: 0,
    warnings: [],
    timings: {},
    input: { name: item.name, type: 'unknown', width: 0, height: 0, bytes: 0 },
    previewAvailable: false,
    createdAt: batch.createdAt,
    error: {
      code: 'expired',
      message: `The job of ${item.name} expired from the server's store (BACKDROP_STORE_TTL_HOURS). Retry it with the file.`,
    },
  };
}

export function countsOf(jobs: Pick<JobView, 'status'>[]): BatchCounts {
  const counts: BatchCounts = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0, total: jobs.length };
  for (const job of jobs) counts[job.status]++;
  return counts;
}

function statusOf(batch: BatchRecord, counts: BatchCounts): BatchStatus {
  if (batch.stoppedAt) return 'stopped';
  if (counts.queued + counts.running > 0) return 'running';
  return batch.cancelledAt ? 'cancelled' : 'done';
}

/**
 * Seconds until the queued and running items are done: the median time of the items done so far, times
 * the work left, over the executor's concurrency. Undefined until an item is done.
 */
function secondsLeft(jobs: JobView[], counts: BatchCounts, concurrency: number): number | undefined {
  const times = jobs
    .filter((job) => job.status === 'done')
    .map((job) => Object.values(job.timings).reduce((sum, ms) => sum + ms, 0))
    .sort((a, b) => a - b);
  if (times.length === 0 || counts.queued + counts.running === 0) return undefined;
  const median = times[Math.floor(times.length / 2)]!;
  const left = counts.queued + counts.running / 2;
  return Math.ceil((median * left) / Math.max(1, concurrency) / 1000);
}

/** A batch and every item's job, with the derived counts and status (for the view and the archive). */
export interface BatchSnapshot {
  batch: BatchRecord;
  jobs: JobView[];
  /** Each item's result file name (set for done items). */
  resultNames: (string | undefined)[];
  counts: BatchCounts;
  status: BatchStatus;
  finishedAt?: string;
}

export async function snapshotBatch(services: Services, batchId: string): Promise<BatchSnapshot | undefined> {
  const batch = await services.store.getBatch(batchId);
  if (!batch) return undefined;
  const jobs = (await itemJobs(services, batch)).map((job, i) => job ?? expiredJob(batch, batch.items[i]!));
  const counts = countsOf(jobs);
  const status = statusOf(batch, counts);
  const names = resultNames(
    batch.items.map((item, i) => ({
      name: item.name,
      format: jobs[i]!.status === 'done' ? jobs[i]!.output?.format : undefined,
    })),
  );
  const ends = jobs.map((job) => job.finishedAt ?? '').sort();
  const finishedAt =
    status === 'running' ? undefined : (batch.stoppedAt ?? batch.cancelledAt ?? (ends.at(-1) || undefined));
  return { batch, jobs, resultNames: names, counts, status, ...(finishedAt ? { finishedAt } : {}) };
}

function itemView(
  item: BatchItemRecord,
  job: JobView,
  resultName: string | undefined,
  position?: number,
): BatchItem {
  return {
    id: item.id,
    name: item.name,
    ...(item.originalName ? { originalName: item.originalName } : {}),
    jobId: item.jobId,
    attempts: item.attempts,
    status: job.status,
    progress: job.progress,
    ...(job.stage ? { stage: job.stage } : {}),
    ...(position !== undefined ? { queuePosition: position } : {}),
    ...(job.error ? { error: job.error } : {}),
    warnings: job.warnings,
    input: job.input,
    ...(job.output ? { output: job.output } : {}),
    timings: job.timings,
    ...(job.providerRequestId ? { providerRequestId: job.providerRequestId } : {}),
    previewAvailable: job.previewAvailable,
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(resultName ? { archiveName: resultName } : {}),
    ...(job.compliance ? { compliance: job.compliance } : {}),
  };
}

const MAX_PAGE = 500;

/** GET /api/batches/:id: the batch with one page of its items. */
export async function batchView(
  services: Services,
  batchId: string,
  page: { offset: number; limit: number },
): Promise<BatchView | undefined> {
  const snapshot = await snapshotBatch(services, batchId);
  if (!snapshot) return undefined;
  const { batch, jobs, counts, status } = snapshot;
  const offset = Math.max(0, Math.min(page.offset, batch.items.length));
  const limit = Math.max(1, Math.min(page.limit, MAX_PAGE));
  const concurrency = services.queue.stats().find((s) => s.executor === batch.executor)?.concurrency ?? 1;
  const left = status === 'running' ? secondsLeft(jobs, counts, concurrency) : undefined;
  const backoff =
    batch.backoffUntil && Date.parse(batch.backoffUntil) > Date.now() ? batch.backoffUntil : undefined;
  const items = batch.items.slice(offset, offset + limit).map((item, i) => {
    const job = jobs[offset + i]!;
    const position = job.status === 'queued' ? services.queue.position(job.id) : undefined;
    return itemView(item, job, snapshot.resultNames[offset + i], position);
  });
  return {
    id: batch.id,
    status,
    dialect: batch.dialect,
    executor: batch.executor,
    ...(batch.preset ? { preset: batch.preset } : {}),
    request: batch.request,
    ...(batch.finish ? { finish: batch.finish } : {}),
    counts,
    bytes: {
      input: jobs.reduce((sum, job) => sum + job.input.bytes, 0),
      output: jobs.reduce((sum, job) => sum + (job.status === 'done' ? (job.output?.bytes ?? 0) : 0), 0),
    },
    items,
    page: { offset, limit, total: batch.items.length },
    ...(backoff && status === 'running' ? { backoffUntil: backoff } : {}),
    ...(batch.stopReason && status === 'stopped' ? { stopReason: batch.stopReason } : {}),
    ...(left !== undefined ? { secondsLeft: left } : {}),
    createdAt: batch.createdAt,
    ...(snapshot.finishedAt ? { finishedAt: snapshot.finishedAt } : {}),
  };
}
