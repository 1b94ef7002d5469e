/**
 * Touch-up of a provider's result: Backdrop's edited alpha on the provider's own pixels. The provider
 * decided the colours of what it kept (its decontaminated edges included); where it cut something away
 * that the user restored, the photo's own pixels come back. Only cut-outs at the photo's size qualify:
 * an opaque result (background filled) has no alpha to edit, a reframed one no longer lines up.
 */
import sharp from 'sharp';
import type { JobWarning, OutputFormat } from '../recipe/index.ts';
import { EngineError, toEngineError } from './errors.ts';
import {
  decodeImage,
  decodeRgba,
  DEFAULT_MAX_PIXELS,
  hasTransparency,
  type RgbaImage,
} from './render/decode.ts';
import { encodeCanvas, type Encoded } from './render/encode.ts';
import { decodeMask, encodeMask } from './render/mask-io.ts';

interface Cutout {
  rgba: Buffer;
  width: number;
  height: number;
  format: string;
}

async function readCutout(result: Buffer, photo: { width: number; height: number }): Promise<Cutout> {
  let decoded: RgbaImage;
  try {
    decoded = await decodeRgba(result, { failOn: 'error' });
  } catch (error) {
    throw new EngineError(
      'bad-asset',
      `The provider's result could not be read (${(error as Error).message.split('\n')[0]}).`,
    );
  }
  const { rgba, width, height, meta } = decoded;
  if (width !== photo.width || height !== photo.height) {
    throw new EngineError(
      'not-a-cutout',
      `The provider's result is ${width}×${height} and the photo ${photo.width}×${photo.height}: the request resizes or reframes it, so a mask of the photo no longer lines up. Touch up a run without framing, or run the request on the local engine.`,
    );
  }
  if (!hasTransparency(rgba)) {
    throw new EngineError(
      'not-a-cutout',
      "The provider's result has no transparency (its background was filled), so there is no mask to touch up. Run the request with a transparent background, or on the local engine.",
    );
  }
  return { rgba, width, height, format: meta.format ?? 'unknown' };
}

/** The alpha of a provider's cut-out as a grey PNG (the mask to start a touch-up from). */
export async function cutoutMask(
  result: Buffer,
  photo: Buffer,
): Promise<{ png: Buffer; width: number; height: number }> {
  try {
    const size = await photoSize(photo);
    const cutout = await readCutout(result, size);
    const alpha = Buffer.allocUnsafe(cutout.width * cutout.height);
    for (let p = 0, i = 3; p < alpha.length; p++, i += 4) alpha[p] = cutout.rgba[i]!;
    return {
      png: await encodeMask(alpha, cutout.width, cutout.height),
      width: cutout.width,
      height: cutout.height,
    };
  } catch (error) {
    throw toEngineError(error);
  }
}

async function photoSize(photo: Buffer) {
  const meta = await sharp(photo).metadata();
  const swapped = (meta.orientation ?? 1) >= 5;
  return {
    width: (swapped ? meta.height : meta.width) ?? 0,
    height: (swapped ? meta.width : meta.height) ?? 0,
  };
}

/**
 * The provider's cut-out with `mask` as its alpha: its colours where it kept the subject, blended towards
 * the photo's where it had cut (alpha below 255), so restored areas show real pixels. PNG unless the
 * provider's format keeps alpha (WebP, AVIF). Throws EngineError 'not-a-cutout' or 'bad-mask'.
 */
export async function applyMaskToCutout(
  result: Buffer,
  photo: Buffer,
  mask: Buffer,
  opts: { maxPixels?: number } = {},
): Promise<Encoded> {
  try {
    const source = await decodeImage(photo, { maxPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS });
    const cutout = await readCutout(result, source);
    const alpha = await decodeMask(mask, source);
    const out = Buffer.allocUnsafe(cutout.rgba.length);
    const { rgba } = cutout;
    for (let p = 0, i = 0, j = 0; p < alpha.length; p++, i += 4, j += 3) {
      const kept = rgba[i + 3]!;
      const k = 255 - kept;
      out[i] = (rgba[i]! * kept + source.rgb[j]! * k + 127) / 255;
      out[i + 1] = (rgba[i + 1]! * kept + source.rgb[j + 1]! * k + 127) / 255;
      out[i + 2] = (rgba[i + 2]! * kept + source.rgb[j + 2]! * k + 127) / 255;
      out[i + 3] = alpha[p]!;
    }
    const format: OutputFormat = cutout.format === 'webp' || cutout.format === 'avif' ? cutout.format : 'png';
    const encoded = await encodeCanvas(
      { data: out, width: cutout.width, height: cutout.height, channels: 4 },
      { format },
    );
    const warnings: JobWarning[] = [
      {
        message:
          "Touched up in Backdrop: the provider's image with the mask edited here; the provider did not make this edit.",
      },
    ];
    if (cutout.format !== format)
      warnings.push({
        message: `The touched-up result is ${format.toUpperCase()} (the provider's was ${cutout.format.toUpperCase()}).`,
      });
    return { ...encoded, warnings: [...warnings, ...encoded.warnings] };
  } catch (error) {
    throw toEngineError(error);
  }
}
