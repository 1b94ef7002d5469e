/**
 * Finishing inside the local engine's framing stage: placement decides where the subject goes on the
 * canvas, and the shadow layer goes between the backdrop and the subject. Both only apply on a new
 * background (transparent, colour, replacement image, generated); on the photo's own background (kept or
 * blurred) the real shadow is already there, and the job says so instead.
 */
import sharp from 'sharp';
import {
  resolveFinish,
  type Finish,
  type FrameLayout,
  type JobWarning,
  type Plan,
  type ResolvedShadow,
} from '../../recipe/index.ts';
import type { Backdrop } from './compose.ts';
import { ownShadowMap } from './own-shadow.ts';
import { shadowLayer } from './shadow-layer.ts';
import { JS_SILHOUETTE_PIXELS, shadowMap, workSize, type SilhouetteShadow } from './shadow.ts';
import { areaResize } from './area-resize.ts';
import { sample, type FloatImage } from './shadow-geometry.ts';
import { studioLook } from './studio.ts';

/** What the framing stage needs to finish a render. */
export interface FinishInput {
  finish?: Finish;
  /** The decoded photo and its subject alpha (source pixels), for placement bounds and "keep". */
  rgb: Buffer;
  alpha: Buffer | null;
  width: number;
  height: number;
}

/** True when the background is Backdrop's to draw (not the photo's own), so finishing can apply. */
export function onNewBackground(background: Plan['background']): boolean {
  return background.kind !== 'original' && background.kind !== 'blur';
}

/** Says why finishing settings do nothing on the photo's own background. */
export function finishWarnings(finish: Finish | undefined, plan: Plan): JobWarning[] {
  if (!finish || onNewBackground(plan.background)) return [];
  const resolved = resolveFinish(finish);
  const why =
    plan.background.kind === 'blur'
      ? 'the background is the photo’s own, blurred, and its real shadow is already in it'
      : 'the background is the photo’s own, and its real shadow is already in it';
  const warnings: JobWarning[] = [];
  if (resolved.shadow && resolved.shadow.type !== 'keep')
    warnings.push({
      path: 'finish.shadow',
      message: `No shadow was added: ${why}. Remove or replace the background to add one.`,
    });
  if (resolved.placement)
    warnings.push({
      path: 'finish.placement',
      message: `Placement was not applied: ${why}; it moves the subject on a new background only.`,
    });
  return warnings;
}

/**
 * The shadow to draw on this backdrop: the finish's, else — for the generated studio backdrop, which
 * always had one — a contact shadow as strong as the studio look's.
 */
export function shadowToDraw(finish: Finish | undefined, backdrop: Backdrop): ResolvedShadow | null {
  if (finish?.shadow) return resolveFinish(finish).shadow;
  if (backdrop.kind !== 'studio') return null;
  const look = studioLook(backdrop.seed);
  return {
    type: 'contact',
    opacity: look.shadowStrength,
    softness: 0.45,
    angle: 215,
    elevation: 60,
    color: '#000000',
  };
}

/**
 * The subject's alpha as it lands on the canvas (through the layout, cut by its clip), at the canvas's
 * shadow work size. `alpha` is at the source's size.
 */
async function silhouetteOnCanvas(
  alpha: Buffer,
  width: number,
  height: number,
  layout: FrameLayout,
): Promise<FloatImage> {
  const work = workSize(layout.canvas.width, layout.canvas.height);
  const k = work.width / layout.canvas.width;
  const out = new Float32Array(work.width * work.height);
  const { source, scaled, offset, clip } = layout;
  const w = Math.max(1, Math.round(scaled.width * k));
  const h = Math.max(1, Math.round(scaled.height * k));
  const part = await scaledPart(alpha, width, height, source, w, h);
  const left = Math.round(offset.left * k);
  const top = Math.round(offset.top * k);
  const clipLeft = Math.max(0, Math.round(clip.left * k));
  const clipTop = Math.max(0, Math.round(clip.top * k));
  const clipRight = Math.min(work.width, Math.round((clip.left + clip.width) * k));
  const clipBottom = Math.min(work.height, Math.round((clip.top + clip.height) * k));
  for (let y = Math.max(top, clipTop); y < Math.min(top + h, clipBottom); y++) {
    for (let x = Math.max(left, clipLeft); x < Math.min(left + w, clipRight); x++) {
      out[y * work.width + x] = part[(y - top) * w + (x - left)]!;
    }
  }
  return { data: out, ...work };
}

/** The rectangle `source` of the alpha scaled to w × h, as floats 0..1 (JS when small and shrinking). */
async function scaledPart(
  alpha: Buffer,
  width: number,
  height: number,
  source: FrameLayout['source'],
  w: number,
  h: number,
): Promise<Float32Array> {
  if (width * height <= JS_SILHOUETTE_PIXELS && w <= source.width && h <= source.height)
    return areaResize(alpha, width, source, w, h);
  const bytes = await sharp(alpha, { raw: { width, height, channels: 1 } })
    .extract(source)
    .resize(w, h, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  return Float32Array.from(bytes, (v) => v / 255);
}

/**
 * A map over the whole source (any size) moved onto the canvas's work grid through the layout (scale and
 * offset of the source rectangle), bilinearly; outside the source it is 0.
 */
function mapOntoCanvas(
  map: FloatImage,
  sourceWidth: number,
  sourceHeight: number,
  layout: FrameLayout,
): FloatImage {
  const work = workSize(layout.canvas.width, layout.canvas.height);
  const toCanvas = layout.canvas.width / work.width;
  const fx = layout.scaled.width / layout.source.width;
  const fy = layout.scaled.height / layout.source.height;
  const mx = map.width / sourceWidth;
  const my = map.height / sourceHeight;
  const out = new Float32Array(work.width * work.height);
  for (let v = 0; v < work.height; v++) {
    const canvasY = (v + 0.5) * toCanvas;
    const sourceY = layout.source.top + (canvasY - layout.offset.top) / fy;
    for (let u = 0; u < work.width; u++) {
      const canvasX = (u + 0.5) * toCanvas;
      const sourceX = layout.source.left + (canvasX - layout.offset.left) / fx;
      out[v * work.width + u] = sample(map, sourceX * mx, sourceY * my);
    }
  }
  return { data: out, ...work };
}

/**
 * The shadow layer (RGBA at the canvas's size) for a framed subject, or null when there is nothing to draw.
 * Silhouette shadows come from the subject as placed; "keep" from the photo's own floor.
 */
export async function finishingShadowLayer(
  shadow: ResolvedShadow,
  input: FinishInput,
  layout: FrameLayout,
): Promise<Buffer | null> {
  if (!input.alpha) return null;
  const { width, height } = layout.canvas;
  if (shadow.type === 'keep') {
    const own = await ownShadowMap(input.rgb, input.alpha, input.width, input.height, shadow.softness);
    if (!own) return null;
    return shadowLayer(
      mapOntoCanvas(own, input.width, input.height, layout),
      width,
      height,
      '#000000',
      shadow.opacity,
    );
  }
  const silhouette = await silhouetteOnCanvas(input.alpha, input.width, input.height, layout);
  const map = shadowMap(silhouette, shadow as SilhouetteShadow);
  return map ? shadowLayer(map, width, height, shadow.color, shadow.opacity) : null;
}
