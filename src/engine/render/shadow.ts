/**
 * Finishing shadows from the subject's own silhouette: contact, cast and drop (see shadow-geometry.ts for
 * the model). Shadows are low-frequency, so they are computed on the alpha scaled to at most
 * SHADOW_WORK_SIDE px and scaled back up (see shadowLayer for where that runs). The result is an RGBA
 * layer (the shadow colour, alpha = darkness × opacity) that goes between the backdrop and the subject, so
 * it never darkens the subject itself.
 */
import { endianness } from 'node:os';
import sharp from 'sharp';
import type { ResolvedShadow } from '../../recipe/index.ts';
import { blurRows, uniformRadii } from './shadow-blur.ts';
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
 * direction — then the shadow is widened behind by the subject's depth and lightly smoothed.
 */
function castShadow(silhouette: FloatImage, contact: ContactLine, shadow: ResolvedShadow): FloatImage {
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
  const soft = blurRows({ data: faded, width, height }, { x: radius, y: radius });
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

/** A one-channel alpha (0..255) at canvas size, as a float silhouette at the work size. */
async function workSilhouette(alpha: Buffer, width: number, height: number): Promise<FloatImage> {
  const work = workSize(width, height);
  const data =
    work.width === width && work.height === height
      ? alpha
      : await sharp(alpha, { raw: { width, height, channels: 1 } })
          .resize(work.width, work.height, { fit: 'fill' })
          .extractChannel(0)
          .raw()
          .toBuffer();
  const out = new Float32Array(work.width * work.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i]! / 255;
  return { data: out, ...work };
}

function hexRgb(hex: string): { r: number; g: number; b: number } {
  const n = parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Source sample positions for a bilinear upscale: pixel centres aligned, clamped at the edges. */
function bilinearTaps(outSize: number, inSize: number) {
  const index = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const t = Math.min(inSize - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    const i0 = Math.min(inSize - 2, Math.floor(t));
    index[i] = Math.max(0, i0);
    frac[i] = inSize > 1 ? t - Math.max(0, i0) : 0;
  }
  return { index, frac };
}

/**
 * A darkness map (0..1, any size) as the RGBA layer to composite over the backdrop at width×height (4 bytes
 * per pixel, not premultiplied): the shadow colour with alpha = darkness × opacity, the map scaled up
 * bilinearly (a shadow is smooth, so bilinear is enough). Up to JS_LAYER_PIXELS one fused pass in JS:
 * libvips' resize plus `create` + `joinChannel` took ~4× the CPU time at 1024 px (bench/finishing.bench.ts).
 * Larger canvases go through libvips, whose threads keep the event loop free (a 12 MP pass in JS takes
 * ~150 ms, and /api/health must answer in < 50 ms during a run).
 */
export async function shadowLayer(
  map: FloatImage,
  width: number,
  height: number,
  color: string,
  opacity: number,
): Promise<Buffer> {
  if (width * height <= JS_LAYER_PIXELS) return shadowLayerJs(map, width, height, color, opacity);
  const bytes = Buffer.allocUnsafe(map.data.length);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Math.min(255, Math.max(0, map.data[i]! * opacity * 255 + 0.5));
  const alpha = await sharp(bytes, { raw: { width: map.width, height: map.height, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: hexRgb(color) } })
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .raw()
    .toBuffer();
}

/** Canvases up to this size get the shadow layer from one JS pass (~10 ms CPU at 1 MP). */
export const JS_LAYER_PIXELS = 2_000_000;

/** shadowLayer's fused JS pass. */
export function shadowLayerJs(
  map: FloatImage,
  width: number,
  height: number,
  color: string,
  opacity: number,
): Buffer {
  const { r, g, b } = hexRgb(color);
  const out = Buffer.allocUnsafe(width * height * 4);
  // One 32-bit store per pixel: R, G, B, A in memory order on a little-endian CPU (every Node target here).
  const pixels = new Uint32Array(out.buffer, out.byteOffset, width * height);
  const rgb = LITTLE_ENDIAN ? (r | (g << 8) | (b << 16)) >>> 0 : ((r << 24) | (g << 16) | (b << 8)) >>> 0;
  const alphaShift = LITTLE_ENDIAN ? 24 : 0;
  const xs = bilinearTaps(width, map.width);
  const ys = bilinearTaps(height, map.height);
  const src = map.data;
  const mw = map.width;
  const dx = map.width > 1 ? 1 : 0;
  const dy = map.height > 1 ? mw : 0;
  const k = opacity * 255;
  for (let y = 0; y < height; y++) {
    const top = ys.index[y]! * mw;
    const fy = ys.frac[y]!;
    let o = y * width;
    for (let x = 0; x < width; x++, o++) {
      const i = top + xs.index[x]!;
      const fx = xs.frac[x]!;
      const upper = src[i]! + fx * (src[i + dx]! - src[i]!);
      const lower = src[i + dy]! + fx * (src[i + dy + dx]! - src[i + dy]!);
      const a = (upper + fy * (lower - upper)) * k + 0.5;
      pixels[o] = rgb | ((a <= 0 ? 0 : a >= 255 ? 255 : a) << alphaShift);
    }
  }
  return out;
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
