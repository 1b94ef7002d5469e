import type { DecodedImage } from './render/decode.ts';
import { ByteLru, ENGINE_CACHE_IDLE } from './segmentation/mask-cache.ts';

/** A decoded photo with its subject mask and decontaminated colours: everything before compositing. */
export interface PreparedSource {
  decoded: DecodedImage;
  /** Subject alpha limited by the input's own alpha; null until a plan needed the mask. */
  alpha: Buffer | null;
  foreground: Buffer | null;
  modelId?: string;
}

function sizeOf(entry: PreparedSource): number {
  const d = entry.decoded;
  return (
    d.rgb.length + (d.inputAlpha?.length ?? 0) + (entry.alpha?.length ?? 0) + (entry.foreground?.length ?? 0)
  );
}

/**
 * The last few prepared sources, so that changing colour, blur, framing or output re-renders without
 * decoding or segmenting again. Bounded by bytes (BACKDROP_RENDER_CACHE_MB, default 160): one 12 MP entry
 * is ~84 MB, a 1024 px one ~5 MB; shrinks when idle like the mask cache (ENGINE_CACHE_IDLE). An entry
 * is replaced (set again), never changed in place, so its size is counted once.
 */
export const sourceCache = new ByteLru<PreparedSource>(
  Number(process.env.BACKDROP_RENDER_CACHE_MB ?? 160) * 1024 * 1024,
  sizeOf,
  ENGINE_CACHE_IDLE,
);
