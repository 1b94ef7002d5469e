/**
 * Finishing shadows from the subject's own silhouette: contact, cast and drop (see shadow-geometry.ts for
 * the model). Shadows are low-frequency, so they are computed on the alpha scaled to at most
 * SHADOW_WORK_SIDE px and scaled back up (see shadowLayer for where that runs). The result is an RGBA
 * layer (the shadow colour, alpha = darkness × opacity) that goes between the backdrop and the subject, so
 * it never darkens the subject itself.
 */
import sharp from 'sharp';
import type { ResolvedShadow } from '../../recipe/index.ts';
import { areaResize } from './area-resize.ts';
import { blurRows, uniformRadii } from './shadow-blur.ts';
import { shadowLayer } from './shadow-layer.ts';
import { pyramidBlur } from './shadow-pyramid.ts';
import {
  castBlurRadius,
  castGeometry,
  DEPTH_SHARE,
  detectContactLine,
  FLOOR_TILT,
  projectSilhouette,
  sampleRow,
  spreadUp,
  type ContactLine,
  type FloatImage,
} from './shadow-geometry.ts';

/** Longest side the shadow is computed at; the penumbrae are wider than a work pixel at any output size. */
export const SHADOW_WORK_SIDE = 512;
/** A cast shadow's far end is this much lighter than at the contact line (skylight fills it in). */
const CAST_FADE = 0.5;
/** How much of a contact shadow a cast shadow carries, so the object stays grounded at any angle. */
const CAST_CONTACT = 0.7;
/** How far in front of the contact line the floor is occluded, as a share of the mirrored band. */
const CONTACT_SQUASH = 0.6;

export type SilhouetteShadow = ResolvedShadow & { type: 'contact' | 'cast' | 'drop' };

/**
 * Darkness (0..1, before opacity) of a shadow, at the silhouette's size. Null when the silhouette is empty.
 * All lengths scale with the subject, so the same settings look the same at any resolution.
 */
export function shadowMap(silhouette: FloatImage, shadow: SilhouetteShadow): FloatImage | null {
  const contact = detectContactLine(silhouette);
  if (!contact) return null;
  switch (shadow.type) {
    case 'contact':
      return contactShadow(silhouette, contact, shadow.softness);
    case 'cast':
      return screen(
        castShadow(silhouette, contact, shadow),
        contactShadow(silhouette, contact, shadow.softness),
        CAST_CONTACT,
      );
    case 'drop':
      return dropShadow(silhouette, contact, shadow);
  }
}

/** 1 − (1 − a)(1 − k·b): two shadows over each other, never darker than black. */
function screen(a: FloatImage, b: FloatImage, k: number): FloatImage {
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 1 - (1 - a.data[i]!) * (1 - k * b.data[i]!);
  return { ...a, data: out };
}

/**
 * Ambient occlusion where the object meets the floor: the silhouette's lowest band (4% of its height),
 * mirrored in front of the contact line, squashed by the floor's tilt and tapering away, then blurred tight
 * (dense, short) and wide (a faint halo, foreshortened like the floor). Sized by the base's width, so a
 * bottle gets a small dark pool and a sofa a long one.
 */
function contactShadow(silhouette: FloatImage, contact: ContactLine, softness: number): FloatImage {
  const { width, height } = silhouette;
  const floor = contact.y + 1;
  const band = Math.max(2, 0.04 * contact.bounds.height);
  const occluder = new Float32Array(width * height);
  const top = Math.max(0, Math.floor(floor - band));
  for (let y = top; y < floor; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) occluder[row + x] = silhouette.data[row + x]!;
  }
  // In front of the contact line the floor sees less and less of the object: a mirrored, tapering band.
  const reach = Math.max(1.5, band * CONTACT_SQUASH);
  const front = Math.min(height, Math.ceil(floor + reach));
  for (let y = floor; y < front; y++) {
    const t = (y + 0.5 - floor) / reach;
    const row = y * width;
    sampleRow(silhouette, floor - t * band, 0, occluder, row, width);
    const taper = (1 - t) * (1 - t);
    for (let x = 0; x < width; x++) occluder[row + x] = occluder[row + x]! * taper;
  }
  const runs = contact.runs;
  const baseWidth = runs.length > 0 ? runs[runs.length - 1]!.right - runs[0]!.left + 1 : contact.bounds.width;
  const scale = Math.max(baseWidth, 0.5 * contact.bounds.width);
  const tightR = 0.5 + (0.15 + softness) * 0.05 * scale;
  const wideR = 1 + (0.3 + softness) * 0.22 * scale;
  const image = { data: occluder, width, height };
  const tight = blurRows(image, uniformRadii(height, tightR, tightR * 0.5));
  const wide = blurRows(image, uniformRadii(height, wideR, wideR * FLOOR_TILT * 1.2));
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    out[i] = 1 - (1 - Math.min(1, 1.25 * tight.data[i]!)) * (1 - 0.5 * Math.min(1, 1.5 * wide.data[i]!));
  }
  return { data: out, width, height };
}

/**
 * The silhouette projected onto the floor by the light (castGeometry). Each point is blurred by the
 * penumbra its height gives (castBlurRadius) and lightened with distance before the projection — rows of
 * the silhouette are heights, so the blur grows with distance from the contact line whatever the light's
 * direction — then the shadow is widened behind by the subject's depth and lightly smoothed. `soften` is
 * the blur with a radius per row: pyramidBlur, or blurRows (exact per-row box passes, ~4× the CPU) to
 * compare against.
 */
export function castShadow(
  silhouette: FloatImage,
  contact: ContactLine,
  shadow: ResolvedShadow,
  soften: (image: FloatImage, radius: Float32Array) => FloatImage = pyramidBlur,
): FloatImage {
  const { width, height } = silhouette;
  const floor = contact.y + 1;
  const subjectHeight = contact.bounds.height;
  const base = 0.5 + shadow.softness * 0.01 * subjectHeight;
  const radius = new Float32Array(height);
  const faded = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const h = Math.max(0, floor - (y + 0.5));
    radius[y] = castBlurRadius(h, shadow.softness, shadow.elevation, base);
    const fade = 1 - CAST_FADE * Math.min(1, h / subjectHeight);
    for (let x = 0, i = y * width; x < width; x++, i++) faded[i] = silhouette.data[i]! * fade;
  }
  const soft = soften({ data: faded, width, height }, radius);
  const projected = projectSilhouette(soft, castGeometry(contact.y, shadow.angle, shadow.elevation));
  const deep = spreadUp(projected, DEPTH_SHARE * contact.bounds.width * FLOOR_TILT);
  return blurRows(deep, uniformRadii(height, base));
}

/** An offset, blurred copy of the silhouette (flat lays): it falls away from the light in the picture. */
function dropShadow(silhouette: FloatImage, contact: ContactLine, shadow: ResolvedShadow): FloatImage {
  const { width, height } = silhouette;
  const size = Math.max(contact.bounds.width, contact.bounds.height);
  const e = (Math.min(90, Math.max(5, shadow.elevation)) * Math.PI) / 180;
  const distance = 0.06 * size * (Math.cos(e) / Math.sin(e));
  const a = (shadow.angle * Math.PI) / 180;
  const dx = -Math.sin(a) * distance;
  const dy = Math.cos(a) * distance;
  const hard = new Float32Array(width * height);
  for (let y = 0; y < height; y++) sampleRow(silhouette, y + 0.5 - dy, dx, hard, y * width, width);
  const r = 0.5 + shadow.softness * 0.05 * size;
  return blurRows({ data: hard, width, height }, uniformRadii(height, r));
}

/** The size the shadow is computed at for a canvas (longest side ≤ SHADOW_WORK_SIDE). */
export function workSize(width: number, height: number, side = SHADOW_WORK_SIDE) {
  const k = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/**
 * Masks up to this many pixels are scaled to the work size in JS (areaResize, no libvips call); larger
 * ones by libvips, off the main thread (reading 12 MP in JS would hold the event loop ~15 ms).
 */
export const JS_SILHOUETTE_PIXELS = 2_000_000;

/** A one-channel alpha (0..255) at canvas size, as a float silhouette at the work size. */
async function workSilhouette(alpha: Buffer, width: number, height: number): Promise<FloatImage> {
  const work = workSize(width, height);
  if (width * height <= JS_SILHOUETTE_PIXELS) {
    const data = areaResize(alpha, width, { left: 0, top: 0, width, height }, work.width, work.height);
    return { data, ...work };
  }
  const data = await sharp(alpha, { raw: { width, height, channels: 1 } })
    .resize(work.width, work.height, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = new Float32Array(work.width * work.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i]! / 255;
  return { data: out, ...work };
}

/**
 * The shadow of the subject whose alpha (one channel, 0..255, canvas size) is given, as an RGBA layer of
 * the canvas's size; null when the alpha is empty. Throws only on sharp failures (out of memory).
 */
export async function renderShadowLayer(
  alpha: Buffer,
  width: number,
  height: number,
  shadow: SilhouetteShadow,
): Promise<Buffer | null> {
  const silhouette = await workSilhouette(alpha, width, height);
  const map = shadowMap(silhouette, shadow);
  return map ? shadowLayer(map, width, height, shadow.color, shadow.opacity) : null;
}
