/**
 * The one place where what an executor hands out is made safe to store and show: every string of every
 * warning, provider info, preview/result description and error goes through the server's Redactor, and
 * result bytes that carry a whole secret (an echo in a provider's image metadata) are re-encoded without
 * metadata. The job processor runs every executor sealed, so adapters need no redaction of their own.
 */
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import sharp, { type FormatEnum } from 'sharp';
import { HttpError } from '../errors.ts';
import type { Redactor } from '../redaction.ts';
import type { Executor, ExecutorResult, JobContext } from './types.ts';

/** Whether the file at `path` holds a whole secret; streams it, holding at most one chunk plus a key. */
async function fileContains(path: string, redactor: Redactor): Promise<boolean> {
  const keep = Math.max(0, redactor.longestNeedle - 1);
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const window = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    if (redactor.bytesContain(window)) return true;
    tail = window.subarray(Math.max(0, window.length - keep));
  }
  return false;
}

/**
 * A result safe to keep: its descriptive strings redacted, and its bytes free of any whole secret.
 * Throws HttpError 502 `provider-bad-response` when even the re-encoded pixels carry one.
 */
async function sealResult(
  result: ExecutorResult,
  redactor: Redactor,
  ctx: JobContext,
): Promise<ExecutorResult> {
  const described = { ...result, mime: redactor.text(result.mime), format: redactor.text(result.format) };
  if (redactor.empty) return described;
  const carries = result.data
    ? redactor.bytesContain(result.data)
    : result.path
      ? await fileContains(result.path, redactor)
      : false;
  if (!carries) return described;
  // sharp writes no metadata (EXIF, XMP, PNG text) unless asked to; the colour profile is kept.
  const input = result.data ?? result.path!;
  const format = (
    ['jpeg', 'png', 'webp', 'avif', 'tiff', 'gif'].includes(result.format) ? result.format : 'png'
  ) as keyof FormatEnum;
  const { data, info } = await sharp(input, { limitInputPixels: false })
    .keepIccProfile()
    .toFormat(format)
    .toBuffer({ resolveWithObject: true });
  if (result.path) await unlink(result.path).catch(() => {});
  if (redactor.bytesContain(data)) {
    throw new HttpError(502, {
      code: 'provider-bad-response',
      message: 'The result image carries text this server must not pass on. Run the job again.',
    });
  }
  ctx.warn({
    message:
      "The result image's embedded metadata carried text this server must not pass on, so it was re-encoded without metadata.",
  });
  return { ...described, data, bytes: data.length, width: info.width, height: info.height, path: undefined };
}

/** `error`, with every string it will show redacted (an HttpError keeps its status and Retry-After). */
function sealError(error: unknown, redactor: Redactor): unknown {
  if (error instanceof HttpError)
    return new HttpError(error.status, redactor.deep(error.body), error.retryAfter);
  if (error instanceof Error && error.name !== 'AbortError') return redactor.deep(error);
  return error;
}

/** `executor` with every value it hands out (callbacks, result, error) passed through `redactor`. */
export function sealExecutor(executor: Executor, redactor: Redactor): Executor {
  return {
    ...executor,
    async run(ctx) {
      const sealed: JobContext = {
        ...ctx,
        progress: (stage, progress) => ctx.progress(redactor.text(stage), progress),
        warn: (warning) => ctx.warn(redactor.deep(warning)),
        provider: (info) => ctx.provider(redactor.deep(info)),
        preview: async (result) => ctx.preview(await sealResult(result, redactor, ctx)),
        ...(ctx.keepInput ? { keepInput: (data, info) => ctx.keepInput!(data, redactor.deep(info)) } : {}),
      };
      try {
        return await sealResult(await executor.run(sealed), redactor, ctx);
      } catch (error) {
        throw sealError(error, redactor);
      }
    },
  };
}
