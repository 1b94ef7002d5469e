/** Turns a downloaded result file into an ExecutorResult, refusing bytes that are not an image. */
import { unlink } from 'node:fs/promises';
import sharp from 'sharp';
import { checkDecodes, EngineError } from '../../engine/index.ts';
import type { ExecutorId } from '../../recipe/index.ts';
import { HttpError } from '../errors.ts';
import { readHead, sniffImageType } from '../guards/image-type.ts';
import type { ExecutorResult } from './types.ts';

/** Checks downloaded result bytes (in memory or in a temp file) and reads their format and size. */
export async function describeResult(
  result: { data?: Buffer; path?: string; bytes: number },
  executor: ExecutorId,
  label: string,
  /** Dimensions the provider reported for its output; when given, the header is not parsed again. */
  reported?: { width: number; height: number },
): Promise<ExecutorResult> {
  const fail = async (what = 'a result that is not a readable image') => {
    if (result.path) await unlink(result.path).catch(() => {});
    return new HttpError(502, {
      code: 'provider-bad-response',
      message: `${label} returned ${what}. Run the job again.`,
      executor,
    });
  };
  const head = result.data
    ? result.data.subarray(0, 512)
    : result.path
      ? await readHead(result.path, 512)
      : Buffer.alloc(0);
  const type = sniffImageType(head);
  const input = result.data ?? result.path;
  if (!type || !input) throw await fail();
  const damage = await damageOf(input);
  if (damage) throw await fail(`a damaged image (the decoder reports “${damage}”)`);
  try {
    const meta = reported ?? (await sharp(input, { limitInputPixels: false }).metadata());
    const where = result.data ? { data: result.data } : { path: result.path! };
    return {
      ...where,
      bytes: result.bytes,
      mime: type.mime,
      format: type.label.toLowerCase(),
      width: meta.width ?? 0,
      height: meta.height ?? 0,
    };
  } catch {
    throw await fail();
  }
}

/**
 * A result cut short in transit (or by the provider) can still carry a valid header and end marker; the
 * same check decode as an upload (engine checkDecodes) finds it. Null when it decodes, else the decoder's
 * words. Formats this server cannot decode pass unchecked.
 */
async function damageOf(input: Buffer | string): Promise<string | null> {
  try {
    await checkDecodes(input, { label: 'result', maxPixels: Number.MAX_SAFE_INTEGER });
    return null;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.code === 'unsupported-format') return null;
    return /“(.*)”/.exec(error.message)?.[1] ?? error.message;
  }
}

/** Wants transparency and names no format: the adapters force an alpha format (and say so). */
export function isTransparent(color: unknown): boolean {
  return typeof color === 'string' && color.trim().toLowerCase() === 'transparent';
}
