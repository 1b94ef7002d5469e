/**
 * The subject's mask in the result's pixels: the photo's alpha matte put through the same frame layout
 * as the picture (crop to the source region, scale, place at the offset, cut to the clip box), and
 * scaled as the render scales the cut-out's alpha (frame.ts): enlarged by enlargeMatteRegion, reduced by
 * lanczos3. The compliance check measures fill ratio and edges on it instead of guessing them from the
 * result, so it measures the edge the result shows.
 */
import sharp from 'sharp';
import type { FrameLayout } from '../../recipe/index.ts';
import { enlargeMatteRegion, enlargementOf } from './enlarge.ts';

export interface FramedMask {
  data: Buffer;
  width: number;
  height: number;
}

/** `alpha` is the matte at `width` × `height` (the layer the layout was made for). */
export async function frameMask(
  alpha: Buffer,
  width: number,
  height: number,
  layout: FrameLayout,
): Promise<FramedMask> {
  const { source, scaled, offset, clip, canvas } = layout;
  const out = Buffer.alloc(canvas.width * canvas.height);
  const left = Math.max(offset.left, clip.left, 0);
  const top = Math.max(offset.top, clip.top, 0);
  const right = Math.min(offset.left + scaled.width, clip.left + clip.width, canvas.width);
  const bottom = Math.min(offset.top + scaled.height, clip.top + clip.height, canvas.height);
  if (right <= left || bottom <= top) return { data: out, width: canvas.width, height: canvas.height };
  const resized =
    enlargementOf(source, scaled) > 1
      ? enlargeMatteRegion(alpha, 1, width, height, source, scaled)
      : await sharp(alpha, { raw: { width, height, channels: 1 } })
          .extract(source)
          .resize(scaled.width, scaled.height, { fit: 'fill' })
          // sharp turns a one-channel raw image into sRGB on the way; take the one channel back.
          .extractChannel(0)
          .raw()
          .toBuffer();
  for (let y = top; y < bottom; y++) {
    const from = (y - offset.top) * scaled.width + (left - offset.left);
    out.set(resized.subarray(from, from + (right - left)), y * canvas.width + left);
  }
  return { data: out, width: canvas.width, height: canvas.height };
}
