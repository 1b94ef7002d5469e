/** Turns a downloaded result file into an ExecutorResult, refusing bytes that are not an image. */
import { unlink } from 'node:fs/promises';
import sharp from 'sharp';
import type { ExecutorId } from '../../recipe/index.ts';
import { HttpError } from '../errors.ts';
import { readHead, sniffImageType } from '../guards/image-type.ts';
import type { ExecutorResult } from './types.ts';

export async function describeResultFile(
  path: string,
  bytes: number,
  executor: ExecutorId,
  label: string,
): Promise<ExecutorResult> {
  const fail = async () => {
    await unlink(path).catch(() => {});
    return new HttpError(502, {
      code: 'provider-bad-response',
      message: `${label} returned a result that is not a readable image. Run the job again.`,
      executor,
    });
  };
  const type = sniffImageType(await readHead(path, 512));
  if (!type) throw await fail();
  try {
    const meta = await sharp(path, { limitInputPixels: false }).metadata();
    return {
      path,
      bytes,
      mime: type.mime,
      format: type.label.toLowerCase(),
      width: meta.width ?? 0,
      height: meta.height ?? 0,
    };
  } catch {
    throw await fail();
  }
}

/** Wants transparency and names no format: the adapters force an alpha format (and say so). */
export function isTransparent(color: unknown): boolean {
  return typeof color === 'string' && color.trim().toLowerCase() === 'transparent';
}
