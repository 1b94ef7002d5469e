/** Turns downloaded result bytes into an ExecutorResult, refusing bytes that are not an image. */
import sharp from 'sharp';
import type { ExecutorId } from '../../recipe/index.ts';
import { HttpError } from '../errors.ts';
import { sniffImageType } from '../guards/image-type.ts';
import type { ExecutorResult } from './types.ts';

export async function describeResult(
  data: Buffer,
  executor: ExecutorId,
  label: string,
): Promise<ExecutorResult> {
  const type = sniffImageType(data.subarray(0, 512));
  const fail = () =>
    new HttpError(502, {
      code: 'provider-bad-response',
      message: `${label} returned a result that is not a readable image. Run the job again.`,
      executor,
    });
  if (!type) throw fail();
  try {
    const meta = await sharp(data, { limitInputPixels: false }).metadata();
    return {
      data,
      mime: type.mime,
      format: type.label.toLowerCase(),
      width: meta.width ?? 0,
      height: meta.height ?? 0,
    };
  } catch {
    throw fail();
  }
}

/** Wants transparency and names no format: the adapters force an alpha format (and say so). */
export function isTransparent(color: unknown): boolean {
  return typeof color === 'string' && color.trim().toLowerCase() === 'transparent';
}
