/**
 * "Keep the photo's own shadow": the soft shadow the mask leaves out (it belongs to the floor, not the
 * subject), measured in the photo as how much darker the floor is than its lit level around the subject,
 * so it can be laid onto a new background (a colour, an image) as a darkening.
 */
import sharp from 'sharp';
import { subjectBounds } from './mask-ops.ts';
import { blurRows, uniformRadii } from './shadow-blur.ts';
import { SOLID, type FloatImage } from './shadow-geometry.ts';
import { workSize } from './shadow.ts';

/** Darkening under this share of the lit level is texture or noise, not shadow. */
const NOISE_FLOOR = 0.03;
/** The lit level is this percentile of the background's brightness around the subject. */
const LIT_PERCENTILE = 0.8;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Darkness (0..1) of the photo's own shadow at the work size of the photo (see workSize), or null when the
 * photo has no subject or too little background around it to measure. `rgb` is the decoded photo, `alpha`
 * the subject mask at the same size; `softness` (0..1) smooths the map.
 */
export async function ownShadowMap(
  rgb: Buffer,
  alpha: Buffer,
  width: number,
  height: number,
  softness: number,
): Promise<FloatImage | null> {
  const work = workSize(width, height);
  const scaled = (data: Buffer, channels: 1 | 3) =>
    sharp(data, { raw: { width, height, channels } })
      .resize(work.width, work.height, { fit: 'fill' })
      .toColourspace('b-w')
      .extractChannel(0)
      .raw()
      .toBuffer();
  const [grey, mask] = await Promise.all([scaled(rgb, 3), scaled(alpha, 1)]);
  return ownShadowFrom(grey, mask, work.width, work.height, softness);
}

/** The measuring itself, on one-channel luminance and mask bytes of the same size (exported for tests). */
export function ownShadowFrom(
  grey: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
  softness: number,
): FloatImage | null {
  const box = solidBox(mask, width, height);
  if (!box) return null;
  const bw = box.right - box.left;
  const bh = box.bottom - box.top;
  // Shadows of a product lie beside and below it (on the floor) or just behind it (on a wall); a tall,
  // thin product throws its shadow far to the side, so the reach follows its larger side.
  const size = Math.max(bw, bh);
  const roi: Box = {
    left: Math.max(0, Math.floor(box.left - 0.6 * size)),
    right: Math.min(width, Math.ceil(box.right + 0.6 * size)),
    top: Math.max(0, Math.floor(box.top - 0.1 * bh)),
    bottom: Math.min(height, Math.ceil(box.bottom + 0.35 * size)),
  };
  const lit = litLevel(grey, mask, width, roi);
  if (lit === null) return null;
  // Normalised convolution: the background's brightness smoothed without the subject's colours.
  const weight = new Float32Array(width * height);
  const weighted = new Float32Array(width * height);
  for (let i = 0; i < weight.length; i++) {
    const w = 1 - mask[i]! / 255;
    weight[i] = w;
    weighted[i] = (w * grey[i]!) / 255;
  }
  const r = 0.5 + softness * 0.03 * size;
  const radii = uniformRadii(height, r);
  const num = blurRows({ data: weighted, width, height }, radii);
  const den = blurRows({ data: weight, width, height }, radii);
  const out = new Float32Array(width * height);
  const feather = (d: number, span: number) => Math.min(1, d / Math.max(1, span));
  for (let y = roi.top; y < roi.bottom; y++) {
    for (let x = roi.left; x < roi.right; x++) {
      const i = y * width + x;
      if (den.data[i]! < 1e-3) continue;
      const level = num.data[i]! / den.data[i]!;
      const dark = (lit - level) / lit;
      if (dark <= NOISE_FLOOR) continue;
      // Fade out towards the edges of the region, so it never shows as a box.
      const edge = Math.min(
        feather(x - roi.left, 0.15 * size),
        feather(roi.right - 1 - x, 0.15 * size),
        feather(y - roi.top, 0.05 * bh),
        feather(roi.bottom - 1 - y, 0.1 * size),
      );
      out[i] = Math.min(1, (dark - NOISE_FLOOR) / (1 - NOISE_FLOOR)) * (1 - mask[i]! / 255) * edge;
    }
  }
  return { data: out, width, height };
}

function solidBox(mask: Uint8Array, width: number, height: number): Box | null {
  const rect = subjectBounds(mask, width, height, SOLID * 255);
  return (
    rect && { left: rect.left, right: rect.left + rect.width, top: rect.top, bottom: rect.top + rect.height }
  );
}

/** The lit floor's level (0..1): a high percentile of clear background brightness in the region. */
function litLevel(grey: Uint8Array, mask: Uint8Array, width: number, roi: Box): number | null {
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let y = roi.top; y < roi.bottom; y++) {
    for (let x = roi.left; x < roi.right; x++) {
      const i = y * width + x;
      if (mask[i]! > 5) continue;
      histogram[grey[i]!]!++;
      count++;
    }
  }
  if (count < 64) return null;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= LIT_PERCENTILE * count) return Math.max(v, 1) / 255;
  }
  return 1;
}
