import type { Plan, PlanWarning } from '../../recipe/index.ts';
import { EngineError } from '../errors.ts';
import { detectFrameColor } from './auto-color.ts';
import { blurBackground } from './blur.ts';
import { joinAlpha } from './mask-ops.ts';

/** What the renderer works from: the decoded photo and, when the plan needs it, the subject's mask. */
export interface RenderSource {
  rgb: Buffer;
  width: number;
  height: number;
  /** The input's own transparency, if any. */
  inputAlpha: Buffer | null;
  /** Subject alpha at the same size (already limited by inputAlpha), or null when no mask is needed. */
  alpha: Buffer | null;
  /** Decontaminated subject colours (RGB) for compositing on a new background; defaults to `rgb`. */
  foreground: Buffer | null;
  /** Output pixels per rendered pixel of the plan's lengths (1, or < 1 for a downscaled preview). */
  pxScale: number;
}

/** An image at the source's size, ready to be framed: opaque RGB or RGBA. */
export interface Layer {
  width: number;
  height: number;
  channels: 3 | 4;
  /** The interleaved pixels, made on first use (inside the framing stage's timing). */
  pixels: () => Promise<Buffer>;
  /** A subject layer's colours (RGB) and alpha matte, from which `pixels` joins its RGBA. */
  parts?: { rgb: Buffer; alpha: Buffer };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= make());
}

const ready = (data: Buffer) => () => Promise.resolve(data);

/** What fills the output canvas behind the layer (and any area the framing adds). */
export type Backdrop =
  | { kind: 'solid'; rgba: [number, number, number, number] }
  | { kind: 'image'; image: Buffer }
  | { kind: 'studio'; seed: number; plan: Extract<Plan['background'], { kind: 'generated' }> };

export interface Composed {
  layer: Layer;
  backdrop: Backdrop;
  warnings: PlanWarning[];
}

const WHITE: [number, number, number, number] = [255, 255, 255, 255];
const CLEAR: [number, number, number, number] = [0, 0, 0, 0];

function requireAlpha(source: RenderSource): Buffer {
  if (!source.alpha)
    throw new EngineError('internal', 'The plan needs a subject mask but none was computed.');
  return source.alpha;
}

async function subjectLayer(source: RenderSource): Promise<Layer> {
  const alpha = requireAlpha(source);
  const rgb = source.foreground ?? source.rgb;
  const { width, height } = source;
  return {
    width,
    height,
    channels: 4,
    pixels: once(() => joinAlpha(rgb, alpha, width, height)),
    parts: { rgb, alpha },
  };
}

function parseHex(hex: string): [number, number, number, number] {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!match) return WHITE;
  const n = parseInt(match[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * Stage "compositing": turns the source into one layer plus a backdrop, according to plan.background.
 * Framing (crop, size, padding) happens afterwards on the layer; the backdrop is drawn at the final size.
 */
export async function composeLayer(
  source: RenderSource,
  plan: Plan,
  assets: { backgroundImage?: Buffer; generateBackground?: Buffer },
): Promise<Composed> {
  const { width, height } = source;
  const background = plan.background;
  const warnings: PlanWarning[] = [];
  switch (background.kind) {
    case 'original': {
      if (source.inputAlpha) {
        const data = await joinAlpha(source.rgb, source.inputAlpha, width, height);
        return {
          layer: { pixels: ready(data), width, height, channels: 4 },
          backdrop: { kind: 'solid', rgba: CLEAR },
          warnings,
        };
      }
      return {
        layer: { pixels: ready(source.rgb), width, height, channels: 3 },
        backdrop: { kind: 'solid', rgba: WHITE },
        warnings,
      };
    }
    case 'blur': {
      const alpha = requireAlpha(source);
      const subject = await subjectLayer(source);
      const data = await blurBackground(
        source.rgb,
        alpha,
        width,
        height,
        background.type,
        background.level,
        await subject.pixels(),
      );
      return {
        layer: { pixels: ready(data), width, height, channels: 3 },
        backdrop: { kind: 'solid', rgba: WHITE },
        warnings,
      };
    }
    case 'transparent':
      return { layer: await subjectLayer(source), backdrop: { kind: 'solid', rgba: CLEAR }, warnings };
    case 'color':
      return {
        layer: await subjectLayer(source),
        backdrop: { kind: 'solid', rgba: parseHex(background.hex) },
        warnings,
      };
    case 'auto-color': {
      const found = await detectFrameColor(source.rgb, source.alpha, width, height);
      warnings.push({
        feature: 'color',
        message: found.detected
          ? `Automatic colour: detected the backdrop colour ${found.hex} from the border of the photo.`
          : 'Automatic colour: the border of the photo has no uniform frame colour, so white was used.',
      });
      const [r, g, b] = found.rgb;
      return {
        layer: await subjectLayer(source),
        backdrop: { kind: 'solid', rgba: [r, g, b, 255] },
        warnings,
      };
    }
    case 'image': {
      if (!assets.backgroundImage) {
        throw new EngineError(
          'missing-asset',
          `The request replaces the background with ${background.url}, but that image was not supplied; ` +
            'fetch it (or upload it as backgroundImage) and run again.',
        );
      }
      return {
        layer: await subjectLayer(source),
        backdrop: { kind: 'image', image: assets.backgroundImage },
        warnings,
      };
    }
    case 'generated': {
      // What the studio backdrop leaves out (description, extras) is said by localApproximationWarnings.
      const seed = background.seed ?? randomSeed();
      if (background.backgroundUrl && !assets.generateBackground) {
        throw new EngineError(
          'missing-asset',
          `The request blends ${background.backgroundUrl} into the backdrop, but that image was not supplied.`,
        );
      }
      return {
        layer: await subjectLayer(source),
        backdrop: { kind: 'studio', seed, plan: background },
        warnings,
      };
    }
  }
}
