import sharp, { type Sharp } from 'sharp';
import { formatHasAlpha, type OutputFormat, type OutputPlan, type PlanWarning } from '../../recipe/index.ts';

export const MIME: Record<OutputFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  tiff: 'image/tiff',
};

/** Used when the plan gives no quality: high enough for product photos, as the providers' own defaults. */
const DEFAULT_QUALITY: Record<OutputFormat, number> = { jpeg: 90, png: 100, webp: 90, avif: 60, tiff: 90 };
/** Lowest quality the max_file_size search goes to before giving up (below this, artefacts dominate). */
const MIN_QUALITY = 30;

export interface Encoded {
  data: Buffer;
  format: OutputFormat;
  mime: string;
  width: number;
  height: number;
  warnings: PlanWarning[];
}

export interface RawCanvas {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

interface EncodeOptions {
  /** A quick preview: the cheapest encoder settings, bigger files. */
  fast?: boolean;
  /** PNG only: quantise to a palette (for max_file_size). */
  smallerPng?: boolean;
}

function encoder(
  canvas: RawCanvas,
  format: OutputFormat,
  quality: number,
  options: EncodeOptions = {},
): Sharp {
  const { fast = false, smallerPng = false } = options;
  const pipeline = sharp(canvas.data, {
    raw: { width: canvas.width, height: canvas.height, channels: canvas.channels },
  })
    // The pixels are sRGB (decode converted them); tag them so colour-managed viewers agree.
    .withIccProfile('srgb');
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality, mozjpeg: false, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0' });
    case 'png':
      // Filtering off: close to the filtered size on photos at a fraction of the time.
      return smallerPng
        ? pipeline.png({
            palette: true,
            quality: Math.max(MIN_QUALITY, quality),
            compressionLevel: 9,
            effort: 7,
          })
        : pipeline.png({
            // Above 4 MP level 3: on a 12 MP photo it is ~6× faster than 6 for ~40% more bytes, and the
            // full result must be ready in seconds (bench/engine.bench.ts).
            compressionLevel: canvas.width * canvas.height > 4_000_000 ? 3 : 6,
            adaptiveFiltering: false,
          });
    case 'webp':
      // Effort 0 is ~3× faster than 1 on cut-outs with soft alpha edges, but files are ~2.5× larger.
      return pipeline.webp({ quality, effort: fast ? 0 : 1 });
    case 'avif':
      return pipeline.avif({ quality, effort: fast ? 0 : 2 });
    case 'tiff':
      return pipeline.tiff({ quality, compression: 'lzw' });
  }
}

/**
 * Stage "encoding". Transparency in a format without alpha becomes white (as both providers document),
 * with a warning. `maxFileSize` is best effort: lower quality step by step (PNG: palette), then warn.
 */
export async function encodeCanvas(
  canvas: RawCanvas,
  output: OutputPlan,
  options: { fast?: boolean } = {},
): Promise<Encoded> {
  const fast = options.fast ?? false;
  const warnings: PlanWarning[] = [];
  const format = output.format;
  let pixels = canvas;
  if (canvas.channels === 4 && !formatHasAlpha(format)) {
    const flat = await sharp(canvas.data, {
      raw: { width: canvas.width, height: canvas.height, channels: 4 },
    })
      .flatten({ background: '#ffffff' })
      .raw()
      .toBuffer();
    pixels = { ...canvas, data: flat, channels: 3 };
    warnings.push({
      message: `${format.toUpperCase()} has no transparency, so the transparent background became white; choose PNG, WebP or AVIF to keep it.`,
    });
  }
  const requested = output.quality ?? DEFAULT_QUALITY[format];
  let data: Buffer<ArrayBufferLike> = await encoder(pixels, format, requested, { fast }).toBuffer();
  const limit = output.maxFileSize;
  if (limit && data.length > limit) {
    if (format === 'png') {
      data = await encoder(pixels, format, requested, { smallerPng: true }).toBuffer();
    } else {
      // Quality → size is monotone enough for a bisection; keep the best result that fits.
      let lo = MIN_QUALITY;
      let hi = requested - 1;
      let best: Buffer<ArrayBufferLike> | null = null;
      for (let step = 0; step < 6 && lo <= hi; step++) {
        const q = Math.round((lo + hi) / 2);
        const attempt = await encoder(pixels, format, q, { fast }).toBuffer();
        if (attempt.length <= limit) {
          best = attempt;
          lo = q + 1;
        } else {
          hi = q - 1;
        }
      }
      if (best) data = best;
      else data = await encoder(pixels, format, MIN_QUALITY, { fast }).toBuffer();
    }
    if (data.length > limit) {
      warnings.push({
        feature: 'maxFileSize',
        message: `Could not get the file under ${limit} bytes (it is ${data.length}); ask for a smaller width/height or another format.`,
      });
    }
  }
  return { data, format, mime: MIME[format], width: canvas.width, height: canvas.height, warnings };
}
