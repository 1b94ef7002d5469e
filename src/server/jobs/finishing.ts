/**
 * The server's finishing step (issue 15): Backdrop's shadow and placement, applied after whichever executor
 * ran. The local engine draws finishing inside its own framing stage (it has the photo's mask and places
 * the subject before encoding), so its result comes back finished; a provider's result is finished here,
 * from the result's own alpha or the engine's mask of it. The provider's own image is kept as the job's
 * `provider-result` blob and the engine's mask of it as `result-mask`, so a finishing change (PUT
 * /api/jobs/:id/finish) re-renders without calling the provider again and without another model pass.
 */
import { readFile, unlink } from 'node:fs/promises';
import { isEmptyFinish, toPlan, type Finish } from '../../recipe/index.ts';
import { EngineError, finishResult } from '../../engine/index.ts';
import { HttpError } from '../errors.ts';
import type { ExecutorResult, JobContext } from '../executors/types.ts';
import type { JobRecord, ResultStore } from './types.ts';

/** Whether a job asks for any finishing (a bare `{}` or an absent field does not). */
export function hasFinish(finish: Finish | undefined): finish is Finish {
  if (!finish) return false;
  // `shadow: none` says something on the studio backdrop (no shadow at all), so it counts.
  return !isEmptyFinish(finish) || finish.shadow?.type === 'none';
}

async function bytesOf(result: ExecutorResult): Promise<Buffer> {
  if (result.data) return result.data;
  if (result.path) {
    const data = await readFile(result.path);
    await unlink(result.path).catch(() => {});
    return data;
  }
  throw new Error('The executor returned neither data nor a file.');
}

/**
 * The provider's own result of an earlier run of this job, for a re-render of its finishing. Throws
 * HttpError 409 when it is gone (expired or never kept).
 */
export async function storedProviderResult(store: ResultStore, record: JobRecord): Promise<ExecutorResult> {
  const blob = record.blobs['provider-result'];
  const data = blob ? await store.readBlob(record.view.id, 'provider-result') : undefined;
  if (!blob || !data)
    throw new HttpError(409, {
      code: 'no-result',
      message: 'The provider’s own result of this job is gone, so its finishing cannot change. Run it again.',
    });
  const { width = 0, height = 0, format = blob.mime.split('/')[1] ?? 'png' } = record.view.output ?? {};
  return { data, bytes: data.length, mime: blob.mime, format: String(format), width, height };
}

/**
 * Finishes a provider's result (a no-op for the local executor, which finished it itself, and for a job
 * without finishing). Keeps the provider's own bytes as `provider-result` first, so a later finishing
 * change starts from them (a job run without finishing has it copied by PUT /api/jobs/:id/finish). Progress stage: `finishing`. Throws HttpError 422 when the engine cannot
 * finish the bytes (unreadable, no subject), naming the reason.
 */
export async function finishProviderResult(
  store: ResultStore,
  record: JobRecord,
  ctx: JobContext,
  result: ExecutorResult,
  maxPixels: number,
): Promise<ExecutorResult> {
  const finish = record.view.finish;
  if (record.view.executor === 'local' || (!hasFinish(finish) && !record.refinish)) return result;
  const id = record.view.id;
  const bytes = await bytesOf(result);
  // Only a plain run's bytes are the provider's own; a re-render (finishing or touch-up) started from
  // `provider-result`, and a mask's run already kept the provider's bytes before applying the mask.
  if (!record.refinish && !ctx.mask && !ctx.touchUp)
    await store.putBlob(
      id,
      'provider-result',
      { data: bytes },
      { mime: result.mime, bytes: bytes.length, name: 'provider-result' },
    );
  const { path: _moved, ...meta } = result;
  if (!hasFinish(finish)) return { ...meta, data: bytes };
  ctx.progress('finishing', 0.9);
  const cachedMask = record.blobs['result-mask'] ? await store.readBlob(id, 'result-mask') : undefined;
  const photo = finish.shadow?.type === 'keep' && ctx.input ? await readFile(ctx.input.path) : undefined;
  try {
    const finished = await finishResult({
      result: bytes,
      finish,
      plan: toPlan(record.view.dialect, record.request),
      signal: ctx.signal,
      maxPixels,
      ...(photo ? { photo } : {}),
      ...(cachedMask ? { resultMask: cachedMask } : {}),
    });
    for (const warning of finished.warnings) ctx.warn(warning);
    if (finished.computedMask)
      await store.putBlob(
        id,
        'result-mask',
        { data: finished.computedMask },
        { mime: 'image/png', bytes: finished.computedMask.length, name: 'result-mask.png' },
      );
    return {
      data: finished.data,
      bytes: finished.data.length,
      mime: finished.mime,
      format: finished.format,
      width: finished.width,
      height: finished.height,
    };
  } catch (error) {
    if (error instanceof EngineError && error.code !== 'cancelled')
      throw new HttpError(422, {
        code: error.code,
        message: `Finishing failed: ${error.message}`,
        path: 'finish',
      });
    throw error;
  }
}
