/** Fetching the URLs a job names (photo, backdrops) under the SSRF guard, as checked images. */
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';
import { safeFetch } from '../guards/safe-fetch.ts';
import { checkImage, type CheckedImage } from '../guards/upload.ts';
import type { JobContext } from './types.ts';

export async function fetchAsset(
  config: Config,
  ctx: JobContext,
  url: string,
  field: string,
): Promise<{ data: Buffer; checked: CheckedImage }> {
  const fetched = await safeFetch(url, field, {
    maxBytes: config.maxUploadBytes,
    timeoutMs: config.fetchTimeoutMs,
    allowHosts: config.fetchAllowHosts,
    signal: ctx.signal,
  });
  const checked = await checkImage(
    { data: fetched.data },
    { maxBytes: config.maxUploadBytes, maxMegapixels: config.maxMegapixels },
    field,
    ctx.accept,
  );
  return { data: fetched.data, checked };
}

/**
 * For a provider job given `imageUrl`: the provider fetches the photo itself, but the browser's "before"
 * side needs it from our own origin. Fetched beside the provider call, under the same guard; it never
 * fails the job, a problem only becomes a warning. Never rejects.
 */
export async function keepInputFromUrl(config: Config, ctx: JobContext): Promise<void> {
  if (!ctx.imageUrl || ctx.input || !ctx.keepInput) return;
  try {
    const { data, checked } = await fetchAsset(config, ctx, ctx.imageUrl, 'imageUrl');
    await ctx.keepInput(data, checked);
  } catch (error) {
    if (ctx.signal.aborted) return;
    const reason = error instanceof HttpError ? error.body.message : 'the download failed';
    ctx.warn({
      path: 'imageUrl',
      message: `Backdrop could not fetch the photo for the "before" view: ${reason.replace(/\.$/, '')}. The provider fetched it itself; the result is not affected.`,
    });
  }
}
