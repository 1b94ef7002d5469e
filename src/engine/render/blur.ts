import sharp from 'sharp';
import type { BlurLevel, BlurType } from '../../recipe/index.ts';
import { lensBlurLow } from './lens-light.ts';
import { weightedMean } from './mask-ops.ts';

/**
 * Strength as a fraction of the image's longer side, so that a level looks the same on a 512 px preview
 * and on the 12 MP original. Regular = Gaussian sigma, lens = radius of the disc (bokeh) kernel.
 */
const GAUSSIAN_SIGMA: Record<BlurLevel, number> = { low: 0.006, medium: 0.012, high: 0.024 };
const LENS_RADIUS: Record<BlurLevel, number> = { low: 0.012, medium: 0.024, high: 0.045 };

/**
 * A blur this wide removes all detail finer than a few pixels, so it is computed on a copy downscaled until
 * the kernel is this small, then scaled back up: same look, a fraction of the work on 12 MP.
 */
const LOW_RES_SIGMA = 3;
const LOW_RES_RADIUS = 6;
/**
 * The disc's cost grows with its area times the low-res pixel count, so the smallest lens blur (low level)
 * was the slowest; capping the long side there shrinks its low-res disc to ≈ 3.8 px, still round once
 * scaled back up. Medium and high are unaffected (their copies are already smaller).
 */
const LENS_LOW_RES_SIDE = 320;
/** How much brighter the outer ring of a bokeh disc is than its middle. */
const BOKEH_RIM = 0.3;

export function blurStrength(type: BlurType, level: BlurLevel, width: number, height: number): number {
  const longer = Math.max(width, height);
  return (type === 'lens' ? LENS_RADIUS : GAUSSIAN_SIGMA)[level] * longer;
}

/**
 * A disc with an anti-aliased edge: the aperture shape of a lens, as a convolution kernel. `rim` makes its
 * outer ring (the last 30% of the radius) that much brighter, as in real bokeh balls (spherical aberration); it
 * shows only where a lone highlight is spread, flat areas stay flat (the kernel is normalised).
 */
export function discKernel(
  radius: number,
  rim = 0,
): {
  width: number;
  height: number;
  kernel: number[];
  scale: number;
} {
  const half = Math.ceil(radius);
  const size = half * 2 + 1;
  const kernel: number[] = [];
  // The ring is the outer 30% of the radius, whatever the disc's size at low resolution.
  const ringStart = 0.7 * radius;
  const ringWidth = Math.max(0.5, radius - 0.5 - ringStart);
  for (let y = -half; y <= half; y++) {
    for (let x = -half; x <= half; x++) {
      const distance = Math.hypot(x, y);
      const edge = Math.min(1, Math.max(0, radius + 0.5 - distance));
      const ring = Math.min(1, Math.max(0, (distance - ringStart) / ringWidth));
      kernel.push(edge * (1 + rim * ring));
    }
  }
  const scale = kernel.reduce((sum, v) => sum + v, 0);
  return { width: size, height: size, kernel, scale };
}

/**
 * Weight of each pixel as background: 1 − 3·alpha, so that the object and its soft rim (alpha ≥ ⅓, which
 * still carries the object's colour) contribute nothing to the blurred background.
 */
async function backgroundWeighted(
  rgb: Buffer,
  alpha: Buffer,
  width: number,
  height: number,
): Promise<Buffer> {
  const weight = await sharp(alpha, { raw: { width, height, channels: 1 } })
    .linear(-3, 255)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .joinChannel(weight, { raw: { width, height, channels: 1 } })
    .raw()
    .toBuffer();
}

/**
 * Blurs the background only. The background weight rides in the alpha channel: sharp premultiplies before
 * resizing and convolving and divides afterwards, which is exactly a normalised convolution, so the
 * object's colours never bleed into the background around it. Pixels deep inside a large object, where no
 * background is near, are filled from a much coarser version of the same (they end up under the object).
 * Lens blur builds its low-res copy in linear light with boosted highlights (lens-light.ts), so lamps and
 * glints become bokeh discs; the same weight design applies there.
 */
export async function blurBackground(
  rgb: Buffer,
  alpha: Buffer,
  width: number,
  height: number,
  type: BlurType,
  level: BlurLevel,
  /** RGBA subject at full size to composite over the blurred background in the same libvips pass. */
  subject?: Buffer,
): Promise<Buffer> {
  const strength = blurStrength(type, level, width, height);
  const factor =
    type === 'lens'
      ? Math.max(1, strength / LOW_RES_RADIUS, Math.max(width, height) / LENS_LOW_RES_SIDE)
      : Math.max(1, strength / LOW_RES_SIGMA);
  const lowW = Math.max(1, Math.round(width / factor));
  const lowH = Math.max(1, Math.round(height / factor));
  const lowStrength = strength * (lowW / width);
  const lowData =
    type === 'lens'
      ? await lensBlurLow(
          rgb,
          alpha,
          width,
          height,
          lowW,
          lowH,
          discKernel(Math.max(1, lowStrength), BOKEH_RIM),
        )
      : await sharp(await backgroundWeighted(rgb, alpha, width, height), {
          raw: { width, height, channels: 4 },
        })
          .resize(lowW, lowH, { fit: 'fill', kernel: 'linear' })
          .blur(Math.max(0.3, lowStrength))
          .raw()
          .toBuffer();

  const coarseSide = 24;
  const coarseScale = Math.min(1, coarseSide / Math.max(lowW, lowH));
  const coarse = await sharp(lowData, { raw: { width: lowW, height: lowH, channels: 4 } })
    .resize(Math.max(1, Math.round(lowW * coarseScale)), Math.max(1, Math.round(lowH * coarseScale)), {
      fit: 'fill',
    })
    .blur(2)
    .resize(lowW, lowH, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();

  const mean = weightedMean(lowData, lowW * lowH) ?? [255, 255, 255];
  const filled = Buffer.allocUnsafe(lowW * lowH * 3);
  for (let p = 0, i = 0, o = 0; p < lowW * lowH; p++, i += 4, o += 3) {
    // Trust the fine result once a quarter of its neighbourhood was background; blend towards coarse below.
    const fine = Math.min(1, lowData[i + 3]! / 64);
    const coarseTrust = Math.min(1, coarse[i + 3]! / 32);
    for (let c = 0; c < 3; c++) {
      const fallback = coarse[i + c]! * coarseTrust + mean[c]! * (1 - coarseTrust);
      filled[o + c] = lowData[i + c]! * fine + fallback * (1 - fine);
    }
  }
  let upscaled = sharp(filled, { raw: { width: lowW, height: lowH, channels: 3 } }).resize(width, height, {
    fit: 'fill',
    // Mitchell's small negative lobe would draw a dark ring around every bright bokeh disc.
    kernel: type === 'lens' ? 'linear' : 'mitchell',
  });
  if (subject) {
    upscaled = upscaled.composite([{ input: subject, raw: { width, height, channels: 4 } }]).removeAlpha();
  }
  return upscaled.raw().toBuffer();
}
