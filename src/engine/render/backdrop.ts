import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { EngineError } from '../errors.ts';
import type { Backdrop } from './compose.ts';
import type { FrameLayout } from '../../recipe/index.ts';
import { renderStudio } from './studio.ts';

/** Opacity of `background_url` over the generated backdrop: both stay visible. */
const BLEND_OPACITY = 0.5;

/** Decodes a supplied background image and cover-fits it to the canvas, under the same pixel limit. */
async function coverImage(image: Buffer, width: number, height: number, what: string, maxPixels: number) {
  try {
    return await sharp(image, { limitInputPixels: maxPixels })
      .rotate()
      .resize(width, height, { fit: 'cover' })
      .toColourspace('srgb')
      .flatten({ background: '#ffffff' })
      .raw()
      .toBuffer();
  } catch (error) {
    throw new EngineError(
      'bad-asset',
      `The ${what} could not be used: ${(error as Error).message.split('\n')[0]}.`,
    );
  }
}

/**
 * What goes behind the framed layer, at the canvas size: a solid colour (or transparency), a replacement
 * image cover-fitted, or the studio backdrop. `overlays` are composited before the layer (the blended
 * `background_url` image); finishing's shadow goes over them.
 */
export async function drawBackdrop(
  backdrop: Backdrop,
  layout: FrameLayout,
  assets: { generateBackground?: Buffer },
  maxPixels: number,
): Promise<{ base: Sharp; overlays: OverlayOptions[]; opaque: boolean }> {
  const { width, height } = layout.canvas;
  const overlays: OverlayOptions[] = [];
  if (backdrop.kind === 'solid') {
    const [r, g, b, a] = backdrop.rgba;
    const base = sharp({ create: { width, height, channels: 4, background: { r, g, b, alpha: a / 255 } } });
    return { base, overlays, opaque: a === 255 };
  }
  const image =
    backdrop.kind === 'image'
      ? await coverImage(backdrop.image, width, height, 'background image', maxPixels)
      : await studioBase(backdrop, layout, assets, overlays, maxPixels);
  return { base: sharp(image, { raw: { width, height, channels: 3 } }), overlays, opaque: true };
}

async function studioBase(
  backdrop: Extract<Backdrop, { kind: 'studio' }>,
  layout: FrameLayout,
  assets: { generateBackground?: Buffer },
  overlays: OverlayOptions[],
  maxPixels: number,
): Promise<Buffer> {
  const { width, height } = layout.canvas;
  const placedRect = { ...layout.offset, ...layout.scaled };
  const blend = assets.generateBackground;
  const studio = await renderStudio(layout.canvas, placedRect, {
    seed: backdrop.seed,
    tint: backdrop.plan.tint,
  });
  if (blend) {
    const cover = await coverImage(blend, width, height, 'background_url image', maxPixels);
    let pipeline = sharp(cover, { raw: { width, height, channels: 3 } });
    if (backdrop.plan.tint) {
      const [r, g, b] = backdrop.plan.tint;
      pipeline = pipeline.greyscale().tint({ r, g, b }).toColourspace('srgb');
    }
    const blended = await pipeline.ensureAlpha(BLEND_OPACITY).raw().toBuffer();
    overlays.push({ input: blended, raw: { width, height, channels: 4 } });
  }
  return studio;
}
