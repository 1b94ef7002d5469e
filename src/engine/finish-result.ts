/**
 * Finishing of a result the engine did not make (Claid, Deep-Image): a shadow and placement applied to the
 * provider's image after it ran. The subject's alpha is the result's own transparency when it has one (a
 * cut-out, or a touched-up cut-out), else the engine's mask of the result itself — segmenting the result,
 * not the photo, keeps the alpha aligned with whatever framing the provider did.
 */
import sharp, { type OverlayOptions } from 'sharp';
import {
  resolveFinish,
  type Finish,
  type FrameLayout,
  type JobWarning,
  type OutputFormat,
  type Plan,
} from '../recipe/index.ts';
import { EngineError, throwIfCancelled, toEngineError } from './errors.ts';
import { detectFrameColor } from './render/auto-color.ts';
import { decodeImage, decodeRgba, DEFAULT_MAX_PIXELS, hasTransparency } from './render/decode.ts';
import { encodeCanvas } from './render/encode.ts';
import { finishingShadowLayer, finishWarnings, onNewBackground } from './render/finishing.ts';
import { placeLayer } from './render/frame.ts';
import { joinAlpha, subjectBounds } from './render/mask-ops.ts';
import { placeSubject } from './render/placement.ts';
import type { Segmenter } from './run-plan.ts';

export interface FinishResultInput {
  /** The executor's image bytes (PNG, JPEG, WebP, AVIF, TIFF). */
  result: Buffer;
  finish: Finish;
  /** The request's plan: which background the result has (a colour can be redrawn, a scene cannot). */
  plan: Plan;
  /** The photo as sent, for `keep` (its own shadow); used when the result has the photo's size. */
  photo?: Buffer;
  /** The engine's mask of this result from an earlier finishing (grey PNG), so it is not computed again. */
  resultMask?: Buffer;
  signal?: AbortSignal;
  maxPixels?: number;
}

export type FinishAlphaSource = 'result-alpha' | 'engine-mask';

export interface FinishResultOutput {
  data: Buffer;
  format: OutputFormat;
  mime: string;
  width: number;
  height: number;
  warnings: JobWarning[];
  /** Where the subject's alpha came from: the result's transparency, or the engine's mask of the result. */
  alpha: FinishAlphaSource;
  /** The engine's mask of the result (grey PNG) when one was computed now: keep it for the next finishing. */
  computedMask?: Buffer;
  /** Milliseconds the engine's segmentation of the result took (0 when none ran). */
  segmentingMs: number;
}

const FORMATS: readonly OutputFormat[] = ['jpeg', 'png', 'webp', 'avif', 'tiff'];

interface Decoded {
  rgba: Buffer;
  width: number;
  height: number;
  format: OutputFormat;
  transparent: boolean;
}

async function decodeResult(result: Buffer, maxPixels: number): Promise<Decoded> {
  try {
    const { rgba, width, height, meta } = await decodeRgba(result, { maxPixels, failOn: 'error' });
    const known = String(meta.format);
    return {
      rgba,
      width,
      height,
      format: FORMATS.includes(known as OutputFormat) ? (known as OutputFormat) : 'png',
      transparent: hasTransparency(rgba),
    };
  } catch (error) {
    throw new EngineError(
      'bad-asset',
      `The result could not be read for finishing (${(error as Error).message.split('\n')[0]}).`,
    );
  }
}

const channel = (rgba: Buffer, c: number, pixels: number) => {
  const out = Buffer.allocUnsafe(pixels);
  for (let p = 0, i = c; p < pixels; p++, i += 4) out[p] = rgba[i]!;
  return out;
};

const rgbOf = (rgba: Buffer, pixels: number) => {
  const out = Buffer.allocUnsafe(pixels * 3);
  for (let p = 0, i = 0, j = 0; p < pixels; p++, i += 4, j += 3) {
    out[j] = rgba[i]!;
    out[j + 1] = rgba[i + 1]!;
    out[j + 2] = rgba[i + 2]!;
  }
  return out;
};

async function maskFromPng(png: Buffer, width: number, height: number): Promise<Buffer | null> {
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return info.width === width && info.height === height ? data : null;
}

/** The colour behind the subject when Backdrop can redraw it; null for a scene (replace, generate, blur). */
async function redrawableColor(plan: Plan, rgb: Buffer, alpha: Buffer, width: number, height: number) {
  if (plan.background.kind === 'color') {
    const n = parseInt(plan.background.hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255] as [number, number, number];
  }
  if (plan.background.kind === 'auto-color') return (await detectFrameColor(rgb, alpha, width, height)).rgb;
  return null;
}

/** The subject's own colours on a solid colour: edge pixels un-mixed from it (C = (R − (1 − a)·B) / a). */
function unmix(rgb: Buffer, alpha: Buffer, color: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(rgb.length);
  for (let p = 0; p < alpha.length; p++) {
    const a = alpha[p]! / 255;
    for (let c = 0; c < 3; c++) {
      const v = rgb[p * 3 + c]!;
      out[p * 3 + c] = a <= 0.02 ? v : Math.min(255, Math.max(0, (v - (1 - a) * color[c]!) / a));
    }
  }
  return out;
}

/**
 * Applies finishing to a result. Placement needs a background Backdrop can redraw (the result's own
 * transparency, or a colour); on a scene the subject stays where the provider put it and a warning says
 * so. Throws EngineError ('bad-asset' for unreadable bytes, 'cancelled', 'segmentation').
 */
export async function finishResultWith(
  segmenter: Segmenter,
  input: FinishResultInput,
): Promise<FinishResultOutput> {
  try {
    const maxPixels = input.maxPixels ?? DEFAULT_MAX_PIXELS;
    const decoded = await decodeResult(input.result, maxPixels);
    const { width, height } = decoded;
    const pixels = width * height;
    const rgb = rgbOf(decoded.rgba, pixels);
    let alpha: Buffer;
    let source: FinishAlphaSource = 'result-alpha';
    let computedMask: Buffer | undefined;
    let segmentingMs = 0;
    if (decoded.transparent) alpha = channel(decoded.rgba, 3, pixels);
    else {
      source = 'engine-mask';
      const cached = input.resultMask ? await maskFromPng(input.resultMask, width, height) : null;
      if (cached) alpha = cached;
      else {
        throwIfCancelled(input.signal);
        const started = performance.now();
        alpha = (await segmenter.segment({ data: rgb, width, height, channels: 3 }, { signal: input.signal }))
          .alpha;
        segmentingMs = performance.now() - started;
        computedMask = await sharp(alpha, { raw: { width, height, channels: 1 } })
          .toColourspace('b-w')
          .png()
          .toBuffer();
      }
    }
    throwIfCancelled(input.signal);
    const warnings = finishWarnings(input.finish, input.plan);
    const finish =
      onNewBackground(input.plan.background) || decoded.transparent ? resolveFinish(input.finish) : null;
    const color = decoded.transparent ? null : await redrawableColor(input.plan, rgb, alpha, width, height);
    const redraw = decoded.transparent || color !== null;
    const bounds = subjectBounds(alpha, width, height);
    const full = { left: 0, top: 0, width, height };
    let layout: FrameLayout = {
      canvas: { width, height },
      source: full,
      scaled: { width, height },
      offset: { left: 0, top: 0 },
      clip: full,
    };
    if (finish?.placement && bounds && redraw) {
      const placed = placeSubject({ width, height }, bounds, finish.placement);
      layout = placed.layout;
      if (placed.limitedByMargin)
        warnings.push({
          path: 'finish.placement.scale',
          message: `The margins leave room for a fill of ${Math.round(placed.fill * 100)}%, less than the ${Math.round(finish.placement.scale * 100)}% asked; lower the margin to fill more.`,
        });
    } else if (finish?.placement) {
      warnings.push({
        path: 'finish.placement',
        message: bounds
          ? 'Placement was not applied: the result’s background is a scene Backdrop cannot redraw around a moved subject; only a transparent or colour background can be re-laid out.'
          : 'Placement was not applied: no subject was found in the result.',
      });
    }
    const photo = await photoFor(input, finish?.shadow?.type === 'keep', width, height, maxPixels, warnings);
    const shadow =
      finish?.shadow && (finish.shadow.type !== 'keep' || photo)
        ? await finishingShadowLayer(finish.shadow, { rgb: photo ?? rgb, alpha, width, height }, layout)
        : null;
    throwIfCancelled(input.signal);
    const subjectRgb = color ? unmix(rgb, alpha, color) : rgb;
    const layer = {
      width,
      height,
      channels: 4 as const,
      pixels: () =>
        decoded.transparent ? Promise.resolve(decoded.rgba) : joinAlpha(subjectRgb, alpha, width, height),
    };
    const placedLayer = await placeLayer(layer, layout);
    const base = redraw
      ? sharp({
          create: {
            width,
            height,
            channels: 4,
            background: color
              ? { r: color[0], g: color[1], b: color[2], alpha: 1 }
              : { r: 0, g: 0, b: 0, alpha: 0 },
          },
        })
      : sharp(rgb, { raw: { width, height, channels: 3 } });
    const overlays: OverlayOptions[] = [];
    if (shadow) overlays.push({ input: shadow, raw: { width, height, channels: 4 } });
    if (placedLayer)
      overlays.push({
        input: placedLayer.data,
        raw: { width: placedLayer.width, height: placedLayer.height, channels: 4 },
        left: placedLayer.left,
        top: placedLayer.top,
      });
    let canvas = base.composite(overlays);
    if (!decoded.transparent) canvas = canvas.removeAlpha();
    const { data, info } = await canvas.raw().toBuffer({ resolveWithObject: true });
    const encoded = await encodeCanvas(
      { data, width, height, channels: info.channels as 3 | 4 },
      { format: decoded.format },
    );
    return {
      data: encoded.data,
      format: encoded.format,
      mime: encoded.mime,
      width,
      height,
      warnings: [...warnings, ...encoded.warnings],
      alpha: source,
      ...(computedMask ? { computedMask } : {}),
      segmentingMs,
    };
  } catch (error) {
    throw toEngineError(error);
  }
}

/** The photo's pixels for `keep`, when it lines up with the result (same size, no reframing). */
async function photoFor(
  input: FinishResultInput,
  wanted: boolean,
  width: number,
  height: number,
  maxPixels: number,
  warnings: JobWarning[],
): Promise<Buffer | null> {
  if (!wanted) return null;
  const photo = input.photo ? await decodeImage(input.photo, { maxPixels }) : null;
  if (photo && photo.width === width && photo.height === height) return photo.rgb;
  warnings.push({
    path: 'finish.shadow.type',
    message: photo
      ? `The photo’s own shadow was not kept: the result is ${width}×${height} and the photo ${photo.width}×${photo.height}, so its shadow no longer lines up. Choose a contact or cast shadow instead.`
      : 'The photo’s own shadow was not kept: the server has no copy of the photo for this job.',
  });
  return null;
}
