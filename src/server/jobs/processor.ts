/**
 * Runs one job by id: reads what it needs from the store, calls its executor, and records progress,
 * warnings, timings, provider info, preview and result back in the store. All job state lives in the
 * store, so a worker in another process could run this unchanged.
 */
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiError, ExecutorId, JobWarning } from '../../recipe/index.ts';
import { HttpError } from '../errors.ts';
import type { AcceptedTypes } from '../executors/input-types.ts';
import { sealExecutor } from '../executors/sealed.ts';
import type { Executor, ExecutorResult, JobContext } from '../executors/types.ts';
import { runWithMask } from '../executors/with-mask.ts';
import { finishProviderResult, storedProviderResult } from './finishing.ts';
import type { Logger } from '../log.ts';
import type { Redactor } from '../redaction.ts';
import { downloadName, findPreset } from '../../recipe/index.ts';
import { complianceOf, prepareResult } from './job-compliance.ts';
import { SHUTDOWN, type BlobSource, type JobProcessor, type JobRecord, type ResultStore } from './types.ts';

const MAX_WARNINGS = 50;

function sourceOf(result: ExecutorResult): BlobSource {
  if (result.path) return { path: result.path };
  if (result.data) return { data: result.data };
  throw new Error('The executor returned neither data nor a file.');
}

function failureOf(error: unknown, executor: ExecutorId): ApiError {
  if (error instanceof HttpError) return { ...error.body, executor: error.body.executor ?? executor };
  return {
    code: 'internal',
    message:
      'The job failed unexpectedly on the server. Try again; if it keeps failing, check the server log.',
    executor,
  };
}

/** What the batch layer (or any other owner of jobs) decides when one of its jobs ends. */
export interface JobHooks {
  /**
   * Called before a failure is recorded. True: the job goes back to the queue, at the head of its list,
   * instead of failing (e.g. a batch item the provider rate-limited, after the owner held the lane).
   */
  requeueAfterFailure?(record: JobRecord, failure: ApiError): Promise<boolean>;
  /** Called once the job has ended (done, failed or cancelled) and its record is written. */
  ended?(record: JobRecord): Promise<void>;
}

export function createJobProcessor(deps: {
  store: ResultStore;
  executors: Map<ExecutorId, Executor>;
  log: Logger;
  hooks?: JobHooks;
  /** What each executor takes, for the images a job fetches itself (imageUrl, backdrops). */
  acceptFor?: (executor: Executor) => AcceptedTypes;
  /** Everything an executor hands out (warnings, provider info, results, errors) passes through it. */
  redactor: Redactor;
  /** The engine's pixel limit for finishing a provider's result (the server's BACKDROP_MAX_MEGAPIXELS). */
  maxPixels?: number;
}): JobProcessor {
  const { store, log } = deps;
  return async (id, signal) => {
    const record = await store.get(id);
    if (!record || record.view.status !== 'queued') return;
    const raw = deps.executors.get(record.view.executor);
    const executor = raw && sealExecutor(raw, deps.redactor);
    const stillMine = (r: JobRecord) => r.view.status === 'running';
    const timings: Record<string, number> = {};
    let stage = 'starting';
    let stageStart = performance.now();
    const closeStage = () => {
      timings[stage] = Math.round((timings[stage] ?? 0) + performance.now() - stageStart);
      stageStart = performance.now();
    };
    await store.update(id, (r) => {
      r.view.status = 'running';
      r.view.stage = stage;
      r.view.progress = 0;
      delete r.view.queuePosition;
    });
    try {
      if (!executor) throw new Error(`no executor ${record.view.executor}`);
      const inputBlob = record.blobs.input;
      const input = inputBlob ? await store.blobPath(id, 'input') : undefined;
      const background = record.blobs.background ? await store.readBlob(id, 'background') : undefined;
      const mask = record.blobs.mask ? await store.blobPath(id, 'mask') : undefined;
      const ctx: JobContext = {
        id,
        dialect: record.view.dialect,
        request: record.request,
        ...(input
          ? {
              input: {
                path: input.path,
                bytes: input.blob.bytes,
                mime: input.blob.mime,
                name: input.blob.name,
              },
            }
          : {}),
        ...(record.imageUrl ? { imageUrl: record.imageUrl } : {}),
        ...(background ? { backgroundImage: background } : {}),
        ...(deps.acceptFor ? { accept: deps.acceptFor(executor) } : {}),
        ...(mask ? { mask: { path: mask.path } } : {}),
        ...(record.subjectBox ? { subjectBox: record.subjectBox } : {}),
        ...(record.touchUp ? { touchUp: true } : {}),
        ...(record.view.finish ? { finish: record.view.finish } : {}),
        signal,
        ...(record.view.preset && findPreset(record.view.preset)
          ? { preset: findPreset(record.view.preset)! }
          : {}),
        // A finishing re-render replaces a result already on screen: no low-resolution step between.
        wantsPreview: !record.view.batch && !record.refinish,
        interactive: !record.view.batch,
        tempPath: () => join(store.tempDir(), `result-${randomUUID()}`),
        progress(next, progress) {
          if (next !== stage) {
            closeStage();
            stage = next;
          }
          void store.update(id, (r) => {
            if (!stillMine(r)) return;
            r.view.stage = next;
            r.view.progress = Math.max(r.view.progress, Math.min(0.99, progress));
            r.view.timings = { ...timings };
          });
        },
        warn(warning: JobWarning) {
          void store.update(id, (r) => {
            // A re-render after a touch-up says the same things again.
            const known = r.view.warnings.some(
              (w) => w.message === warning.message && w.path === warning.path,
            );
            if (!known && r.view.warnings.length < MAX_WARNINGS) r.view.warnings.push(warning);
          });
        },
        provider(info) {
          void store.update(id, (r) => Object.assign(r.view, info));
        },
        async keepInput(data, info) {
          const name = record.view.input.name ?? 'image';
          await store.putBlob(id, 'input', { data }, { mime: info.mime, bytes: data.length, name });
          await store.update(id, (r) => {
            r.view.input = {
              name,
              type: info.mime,
              width: info.width,
              height: info.height,
              bytes: data.length,
              format: info.format,
            };
          });
        },
        async preview(result: ExecutorResult) {
          if (signal.aborted) return;
          await store.putBlob(id, 'preview', sourceOf(result), {
            mime: result.mime,
            bytes: result.bytes,
            name: downloadName(inputBlob?.name ?? 'image', result.format, 'preview'),
          });
          await store.update(id, (r) => {
            r.view.previewAvailable = true;
          });
        },
      };
      // A finishing re-render of a provider job starts from the provider's kept result (with a touched-up
      // mask applied again when there is one): no new provider call.
      const ran =
        record.refinish && record.view.executor !== 'local'
          ? ctx.mask
            ? await runWithMask(executor, { ...ctx, touchUp: true }, store)
            : await storedProviderResult(store, record)
          : await runWithMask(executor, ctx, store);
      const finished = await finishProviderResult(store, record, ctx, ran, deps.maxPixels ?? 50e6);
      if (signal.aborted) {
        if (finished.path) await unlink(finished.path).catch(() => {});
        throw signal.reason;
      }
      const result = await prepareResult(store, record, finished);
      closeStage();
      const name = downloadName(inputBlob?.name ?? record.view.input.name ?? 'image', result.format);
      await store.putBlob(id, 'result', sourceOf(result), { mime: result.mime, bytes: result.bytes, name });
      const checked = await complianceOf(store, record);
      await store.update(id, (r) => {
        if (!stillMine(r)) return;
        if (checked.compliance) r.view.compliance = checked.compliance;
        if (checked.warning) r.view.warnings.push(checked.warning);
        r.view.status = 'done';
        r.view.progress = 1;
        r.view.stage = 'done';
        r.view.timings = { ...timings };
        r.view.output = {
          name,
          type: result.mime,
          width: result.width,
          height: result.height,
          bytes: result.bytes,
          format: result.format,
        };
        r.view.finishedAt = new Date().toISOString();
        delete r.touchUp;
        delete r.refinish;
      });
      log({
        level: 'info',
        msg: 'job done',
        job: id,
        executor: record.view.executor,
        ms: Object.values(timings).reduce((a, b) => a + b, 0),
      });
    } catch (error) {
      closeStage();
      if (signal.reason === SHUTDOWN) {
        // Nobody cancelled it: it goes back to the queue on disk and the next start runs it again.
        await store.update(id, (r) => {
          if (!stillMine(r)) return;
          r.view.status = 'queued';
          r.view.stage = 'interrupted';
          r.view.progress = 0;
        });
        return;
      }
      const cancelled = signal.aborted;
      const failure = failureOf(error, record.view.executor);
      if (!cancelled && failure.code === 'internal') {
        log({
          level: 'error',
          msg: 'job crashed',
          job: id,
          error: error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300),
        });
      }
      if (record.refinish) {
        // The result before the change stays; the finishing it was made with comes back with it.
        await store.update(id, (r) => {
          if (!stillMine(r)) return;
          r.view.status = 'done';
          r.view.stage = 'done';
          r.view.progress = 1;
          r.view.finishedAt = new Date().toISOString();
          if (r.refinish?.previous) r.view.finish = r.refinish.previous;
          else delete r.view.finish;
          if (cancelled) delete r.refinish;
          else r.refinish = { error: failure };
        });
        return;
      }
      if (!cancelled && (await deps.hooks?.requeueAfterFailure?.(record, failure))) {
        await store.update(id, (r) => {
          if (!stillMine(r)) return;
          r.view.status = 'queued';
          r.view.stage = failure.code;
          r.view.progress = 0;
          r.view.timings = { ...timings };
        });
        return { requeue: true };
      }
      await store.update(id, (r) => {
        if (!stillMine(r)) return;
        r.view.status = cancelled ? 'cancelled' : 'failed';
        r.view.timings = { ...timings };
        const finished = new Date();
        r.view.finishedAt = finished.toISOString();
        if (cancelled) return;
        r.view.error = failure;
        // A batch resumes rate-limited items from here instead of failing them for good.
        if (failure.retryAfterSeconds !== undefined) {
          r.view.retryAfterSeconds = failure.retryAfterSeconds;
          r.view.retryAt = new Date(finished.getTime() + failure.retryAfterSeconds * 1000).toISOString();
        }
      });
    } finally {
      const ended = await store.get(id);
      if (ended && ended.view.status !== 'queued' && ended.view.status !== 'running')
        await deps.hooks
          ?.ended?.(ended)
          .catch((error: unknown) =>
            log({ level: 'error', msg: 'job end hook failed', job: id, error: String(error).slice(0, 300) }),
          );
      void store.sweep().catch(() => {});
    }
  };
}
