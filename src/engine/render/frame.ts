import sharp from 'sharp';
import {
  layoutByArea,
  layoutFrame,
  resolveFinish,
  type FrameLayout,
  type JobWarning,
  type Plan,
  type ResolvedFinish,
} from '../../recipe/index.ts';
import { EngineError } from '../errors.ts';
import { drawBackdrop } from './backdrop.ts';
import { enlargeCutout, enlargementOf } from './enlarge.ts';
import type { Composed, Layer } from './compose.ts';
import { DEFAULT_MAX_PIXELS, megapixels } from './decode.ts';
import { finishingShadowLayer, onNewBackground, shadowToDraw, type FinishInput } from './finishing.ts';
import { joinAlpha, subjectBounds, type Rect } from './mask-ops.ts';
import { placeSubject } from './placement.ts';

export interface Framed {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
  layout: FrameLayout;
  warnings: JobWarning[];
  /** Milliseconds spent drawing the finishing shadow (part of the framing stage's own time). */
  finishingMs: number;
}

const raw = (layer: { width: number; height: number; channels: 3 | 4 }) => ({
  raw: { width: layer.width, height: layer.height, channels: layer.channels },
});

/** For `cropGravity: smart`: libvips' attention strategy picks the crop; we only take its focal point. */
async function attentionFocus(layer: Layer, source: Rect, target: { width: number; height: number }) {
  const shrink = Math.min(1, 256 / Math.max(target.width, target.height));
  const w = Math.max(1, Math.round(target.width * shrink));
  const h = Math.max(1, Math.round(target.height * shrink));
  const { info } = await sharp(await layer.pixels(), raw(layer))
    .extract(source)
    .resize(w, h, { fit: 'cover', position: 'attention' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const scale = Math.max(w / source.width, h / source.height);
  const x = (info.attentionX ?? (source.width * scale) / 2) / (source.width * scale);
  const y = (info.attentionY ?? (source.height * scale) / 2) / (source.height * scale);
  return { x, y };
}

/**
 * The layer's `source` region at `scaled` size. A cut-out that is enlarged gets its alpha matte enlarged
 * apart from its colour (enlarge.ts), so its edges stay smooth and do not ring; anything else: lanczos3.
 */
async function scaleLayer(layer: Layer, pixels: Buffer, source: Rect, scaled: FrameLayout['scaled']) {
  if (scaled.width === source.width && scaled.height === source.height)
    return sharp(pixels, raw(layer)).extract(source);
  if (layer.channels === 4 && enlargementOf(source, scaled) > 1) {
    const data = await enlargeCutout(pixels, layer.width, layer.height, source, scaled);
    return sharp(data, { raw: { ...scaled, channels: 4 } });
  }
  return sharp(pixels, raw(layer)).extract(source).resize(scaled.width, scaled.height, { fit: 'fill' });
}

/** The layer's visible part: crop to source, scale, cut to the clip box. Null when nothing is visible. */
export async function placeLayer(layer: Layer, layout: FrameLayout) {
  const { source, scaled, offset, clip } = layout;
  const left = Math.max(offset.left, clip.left, 0);
  const top = Math.max(offset.top, clip.top, 0);
  const right = Math.min(offset.left + scaled.width, clip.left + clip.width, layout.canvas.width);
  const bottom = Math.min(offset.top + scaled.height, clip.top + clip.height, layout.canvas.height);
  if (right <= left || bottom <= top) return null;
  const visible = {
    left: left - offset.left,
    top: top - offset.top,
    width: right - left,
    height: bottom - top,
  };
  const untouched =
    source.left === 0 &&
    source.top === 0 &&
    source.width === layer.width &&
    source.height === layer.height &&
    scaled.width === layer.width &&
    scaled.height === layer.height &&
    visible.width === layer.width &&
    visible.height === layer.height;
  const pixels = await layer.pixels();
  if (untouched) return { data: pixels, left, top, width: layer.width, height: layer.height };
  let pipeline = await scaleLayer(layer, pixels, source, scaled);
  if (visible.width !== scaled.width || visible.height !== scaled.height)
    pipeline = pipeline.extract(visible);
  const data = await pipeline.raw().toBuffer();
  return { data, left, top, width: visible.width, height: visible.height };
}

function layoutFor(
  composed: Composed,
  plan: Plan,
  alpha: Buffer | null,
  pxScale: number,
  warnings: JobWarning[],
  finish: FinishInput | undefined,
) {
  const { layer, backdrop } = composed;
  const full: Rect = { left: 0, top: 0, width: layer.width, height: layer.height };
  const placement = onNewBackground(plan.background) ? resolveFinish(finish?.finish).placement : null;
  const needsBounds =
    plan.frame.cropToSubject ||
    backdrop.kind === 'studio' ||
    plan.frame.cropGravity === 'content' ||
    placement !== null;
  const bounds = needsBounds && alpha ? subjectBounds(alpha, layer.width, layer.height) : null;
  if (needsBounds && alpha && !bounds) {
    warnings.push({ message: 'No object was found in the photo, so the whole image was kept.' });
  }
  const base = { imageWidth: layer.width, imageHeight: layer.height, pxScale };
  if (backdrop.kind === 'studio') {
    const canvas = layoutFrame({
      ...base,
      frame: { ...plan.frame, cropToSubject: false, padding: undefined, fit: 'canvas' },
      content: full,
    }).canvas;
    if (placement && bounds) return placed(canvas, bounds, placement, warnings);
    return layoutByArea(canvas, bounds ?? full, backdrop.plan.itemAreaPercentage);
  }
  const content = plan.frame.cropToSubject && bounds ? bounds : full;
  const focus =
    bounds && plan.frame.cropGravity === 'content'
      ? {
          x: (bounds.left + bounds.width / 2 - content.left) / content.width,
          y: (bounds.top + bounds.height / 2 - content.top) / content.height,
        }
      : undefined;
  const framed = layoutFrame({ ...base, frame: plan.frame, content, focus });
  if (placement && bounds) return placed(framed.canvas, bounds, placement, warnings);
  return { layout: framed, content };
}

/** Finishing placement on the canvas the framing made; says so when the margins capped the fill. */
function placed(
  canvas: FrameLayout['canvas'],
  bounds: Rect,
  placement: NonNullable<ResolvedFinish['placement']>,
  warnings: JobWarning[],
): FrameLayout {
  const result = placeSubject(canvas, bounds, placement);
  if (result.limitedByMargin) {
    warnings.push({
      path: 'finish.placement.scale',
      message: `The margins leave room for a fill of ${Math.round(result.fill * 100)}%, less than the ${Math.round(placement.scale * 100)}% asked; lower the margin to fill more.`,
    });
  }
  return result.layout;
}

/** Stage "framing": crop to the subject, size into the box, pad, and draw the backdrop at the final size. */
export async function frameLayer(
  composed: Composed,
  plan: Plan,
  alpha: Buffer | null,
  assets: { generateBackground?: Buffer },
  options: { pxScale?: number; maxPixels?: number; finish?: FinishInput } = {},
): Promise<Framed> {
  const warnings: JobWarning[] = [];
  const { layer, backdrop } = composed;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const laid = layoutFor(composed, plan, alpha, options.pxScale ?? 1, warnings, options.finish);
  let layout: FrameLayout;
  if ('layout' in laid) {
    layout = laid.layout;
    if (plan.frame.fit === 'crop' && plan.frame.cropGravity === 'smart') {
      const focus = await attentionFocus(layer, laid.content, layout.clip);
      layout = layoutFrame({
        frame: plan.frame,
        imageWidth: layer.width,
        imageHeight: layer.height,
        content: laid.content,
        focus,
        pxScale: options.pxScale ?? 1,
      });
    }
  } else {
    layout = laid;
  }
  const { width, height } = layout.canvas;
  if (width * height > maxPixels) {
    throw new EngineError(
      'too-many-pixels',
      `The requested output is ${width}×${height} (${megapixels(width * height)}), over the limit of ` +
        `${megapixels(maxPixels)}; ask for a smaller width/height.`,
    );
  }
  const shadow =
    layer.channels === 4 && onNewBackground(plan.background)
      ? shadowToDraw(options.finish?.finish, backdrop)
      : null;
  const fast =
    !shadow && backdrop.kind === 'solid' ? await solidFastPath(layer, layout, backdrop.rgba) : null;
  if (fast) return { ...fast, layout, warnings, finishingMs: 0 };
  const placed = await placeLayer(layer, layout);
  const drawn = await drawBackdrop(backdrop, layout, assets, maxPixels);
  const overlays = drawn.overlays;
  let base = drawn.base;
  const finishingStart = performance.now();
  const shadowLayer =
    shadow && options.finish ? await finishingShadowLayer(shadow, options.finish, layout) : null;
  const finishingMs = shadow ? performance.now() - finishingStart : 0;
  if (shadowLayer) overlays.push({ input: shadowLayer, raw: { width, height, channels: 4 } });
  if (placed)
    overlays.push({
      input: placed.data,
      raw: { ...raw(layer).raw, width: placed.width, height: placed.height },
      left: placed.left,
      top: placed.top,
    });
  if (overlays.length > 0) base = base.composite(overlays);
  if (drawn.opaque) base = base.removeAlpha();
  const { data, info } = await base.raw().toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    channels: info.channels as 3 | 4,
    layout,
    warnings,
    finishingMs,
  };
}

/**
 * The common case (no framing, solid backdrop): the layer already covers the canvas, so skip drawing a
 * canvas: an opaque layer is the result, a subject is flattened onto the colour.
 */
async function solidFastPath(layer: Layer, layout: FrameLayout, rgba: [number, number, number, number]) {
  const { width, height } = layout.canvas;
  const { source, scaled, offset } = layout;
  const identity =
    width === layer.width &&
    height === layer.height &&
    source.left === 0 &&
    source.top === 0 &&
    source.width === width &&
    source.height === height &&
    scaled.width === width &&
    scaled.height === height &&
    offset.left === 0 &&
    offset.top === 0;
  if (!identity) return null;
  const [r, g, b, a] = rgba;
  if (layer.channels === 3) return { data: await layer.pixels(), width, height, channels: 3 as const };
  if (a === 0) return { data: await layer.pixels(), width, height, channels: 4 as const };
  if (a !== 255) return null;
  const data = layer.parts
    ? await flattenInBands(layer.parts, width, height, { r, g, b })
    : await flatten(await layer.pixels(), width, height, { r, g, b });
  return { data, width, height, channels: 3 as const };
}

type Rgb = { r: number; g: number; b: number };

function flatten(rgba: Buffer, width: number, height: number, background: Rgb): Promise<Buffer> {
  return sharp(rgba, { raw: { width, height, channels: 4 } })
    .flatten({ background })
    .raw()
    .toBuffer();
}

/** Rows per band: ~4 MP, so a band's RGBA is ~16 MB however large the photo. */
const BAND_PIXELS = 4_000_000;

/**
 * The subject (RGB colours + alpha matte, `width` × `height`) flattened onto `background`, a band of rows
 * at a time: the same pixels as flattening the whole RGBA layer, without holding it (196 MB at 49 MP,
 * on top of the photo, its foreground and the result). sharp flattens before joinChannel in its pipeline
 * order, so each band is joined first, then flattened.
 */
export async function flattenInBands(
  parts: { rgb: Buffer; alpha: Buffer },
  width: number,
  height: number,
  background: Rgb,
  bandPixels = BAND_PIXELS,
): Promise<Buffer> {
  const out = Buffer.allocUnsafe(width * height * 3);
  const rows = Math.max(1, Math.floor(bandPixels / width));
  for (let top = 0; top < height; top += rows) {
    const h = Math.min(rows, height - top);
    const rgb = parts.rgb.subarray(top * width * 3, (top + h) * width * 3);
    const alpha = parts.alpha.subarray(top * width, (top + h) * width);
    const band = await flatten(await joinAlpha(rgb, alpha, width, h), width, h, background);
    band.copy(out, top * width * 3);
  }
  return out;
}
