import sharp from 'sharp';
import type { Rgb } from '../../recipe/index.ts';
import type { Rect } from './mask-ops.ts';

/**
 * The local stand-in for Deep-Image `generate`: no text-to-image model runs offline, so this renders a
 * photo-studio sweep (wall curving into floor), a soft light and a vignette. The shadow under the object
 * is finishing's (render/shadow.ts, from the object's silhouette), drawn by the framing stage on top of
 * this. Everything here is low-frequency, so it is drawn at ≤ STUDIO_SIDE px and scaled up by libvips.
 */
const STUDIO_SIDE = 400;

/** mulberry32: tiny, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StudioLook {
  lightX: number;
  lightY: number;
  lightStrength: number;
  wall: number;
  floor: number;
  horizonLift: number;
  sweep: number;
  vignette: number;
  warmth: number;
  /** Opacity of the studio's default contact shadow (finishing draws it). */
  shadowStrength: number;
}

/** Every random choice of the look comes from the seed, in a fixed order. */
export function studioLook(seed: number): StudioLook {
  const next = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * next();
  return {
    lightX: between(0.3, 0.7),
    lightY: between(0.1, 0.35),
    lightStrength: between(0.08, 0.18),
    wall: between(0.74, 0.88),
    floor: between(0.86, 0.97),
    horizonLift: between(0.15, 0.35),
    sweep: between(0.05, 0.12),
    vignette: between(0.08, 0.22),
    warmth: between(-0.025, 0.025),
    shadowStrength: between(0.45, 0.65),
  };
}

const smoothstep = (edge0: number, edge1: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

/**
 * The studio backdrop (RGB, canvas size). `placed` is where the object sits on the canvas (its scaled
 * bounds): the floor meets the wall a little above its base. `tint` follows Deep-Image: the backdrop is
 * made grey, then coloured (white becomes the tint).
 */
export async function renderStudio(
  canvas: { width: number; height: number },
  placed: Rect,
  options: { seed: number; tint?: Rgb },
): Promise<Buffer> {
  const look = studioLook(options.seed);
  const scale = Math.min(1, STUDIO_SIDE / Math.max(canvas.width, canvas.height));
  const w = Math.max(1, Math.round(canvas.width * scale));
  const h = Math.max(1, Math.round(canvas.height * scale));
  const color = options.tint ? options.tint.map((v) => v / 255) : [1 + look.warmth, 1, 1 - look.warmth];

  const baseY = ((placed.top + placed.height) * scale) / h;
  const horizon = baseY - ((placed.height * scale) / h) * look.horizonLift;
  const aspect = w / h;

  // Every falloff is a product of a function of x and one of y, so tabulate them once per axis.
  const axis = (n: number, f: (t: number) => number) =>
    Float64Array.from({ length: n }, (_, i) => f((i + 0.5) / n));
  const lightX = axis(w, (u) => Math.exp(-(((u - look.lightX) * aspect) ** 2) / 0.22));
  const lightY = axis(h, (v) => Math.exp(-((v - look.lightY) ** 2) / 0.22));
  const floorX = axis(w, (u) => 0.06 * Math.abs(u - 0.5));
  const vignetteX = axis(w, (u) => ((u - 0.5) * Math.min(aspect, 1.6)) ** 2);
  const [red, green, blue] = color.map((c) => c * 255) as [number, number, number];

  const backdrop = Buffer.allocUnsafe(w * h * 3);
  for (let y = 0; y < h; y++) {
    const v = (y + 0.5) / h;
    const floorShare = smoothstep(horizon - look.sweep, horizon + look.sweep, v);
    const vignetteY = (v - 0.5) ** 2;
    const ly = look.lightStrength * lightY[y]!;
    for (let x = 0; x < w; x++) {
      const light = ly * lightX[x]!;
      const wall = look.wall + light;
      const floor = look.floor - floorX[x]! + light * 0.5;
      const lum =
        (wall + (floor - wall) * floorShare) * (1 - look.vignette * (vignetteX[x]! + vignetteY) * 1.6);
      const o = (y * w + x) * 3;
      backdrop[o] = Math.min(255, lum * red);
      backdrop[o + 1] = Math.min(255, lum * green);
      backdrop[o + 2] = Math.min(255, lum * blue);
    }
  }
  return (
    sharp(backdrop, { raw: { width: w, height: h, channels: 3 } })
      // Everything here is smooth, so bilinear is enough and the cheapest upscale libvips has.
      .resize(canvas.width, canvas.height, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer()
  );
}
