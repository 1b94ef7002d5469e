/**
 * Backdrop's mask extensions around any executor (issue 12). The local engine takes the mask and the
 * subject box itself (no model pass with a mask). A provider's cut-out gets the mask as its alpha after
 * the provider ran (a mask sent with the job) or instead of running it again (a touch-up); the provider's
 * own result is kept as `provider-result`, so every touch-up starts from it, not from the last edit.
 */
import { readFile, unlink } from 'node:fs/promises';
import { applyMaskToCutout, EngineError } from '../../engine/index.ts';
import { HttpError } from '../errors.ts';
import type { ResultStore } from '../jobs/types.ts';
import type { Executor, ExecutorResult, JobContext } from './types.ts';

async function resultBytes(result: ExecutorResult): Promise<Buffer> {
  if (result.data) return result.data;
  if (result.path) return readFile(result.path);
  throw new Error('The executor returned neither data nor a file.');
}

async function applyToCutout(
  cutout: Buffer,
  ctx: JobContext,
  mask: { path: string },
): Promise<ExecutorResult> {
  if (!ctx.input)
    throw new HttpError(409, {
      code: 'no-input-file',
      message: 'The server kept no copy of this photo, so the mask cannot be applied to its result.',
    });
  ctx.progress('touch-up', 0.5);
  try {
    const applied = await applyMaskToCutout(
      cutout,
      await readFile(ctx.input.path),
      await readFile(mask.path),
    );
    for (const warning of applied.warnings) ctx.warn(warning);
    return {
      data: applied.data,
      bytes: applied.data.length,
      mime: applied.mime,
      format: applied.format,
      width: applied.width,
      height: applied.height,
    };
  } catch (error) {
    if (error instanceof EngineError) throw new HttpError(422, { code: error.code, message: error.message });
    throw error;
  }
}

export async function runWithMask(
  executor: Executor,
  ctx: JobContext,
  store: ResultStore,
): Promise<ExecutorResult> {
  const { mask } = ctx;
  if (executor.id === 'local' || !mask) return executor.run(ctx);
  if (ctx.touchUp) {
    const original = await store.readBlob(ctx.id, 'provider-result');
    if (!original)
      throw new HttpError(409, {
        code: 'no-result',
        message: 'The provider’s result is gone; run the job again.',
      });
    return applyToCutout(original, ctx, mask);
  }
  const result = await executor.run(ctx);
  const bytes = await resultBytes(result);
  if (result.path) await unlink(result.path).catch(() => {});
  await store.putBlob(
    ctx.id,
    'provider-result',
    { data: bytes },
    { mime: result.mime, bytes: bytes.length, name: 'provider-result' },
  );
  try {
    return await applyToCutout(bytes, ctx, mask);
  } catch (error) {
    // The provider's work stands; say why the mask sent with the job was not applied.
    if (!(error instanceof HttpError)) throw error;
    ctx.warn({ message: `The mask sent with this job was not applied: ${error.body.message}` });
    const { path: _moved, ...inMemory } = result;
    return { ...inMemory, data: bytes };
  }
}
