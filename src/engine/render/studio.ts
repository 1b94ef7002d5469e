import sharp from 'sharp';
import type { Rgb } from '../../recipe/index.ts';
import type { Rect } from './mask-ops.ts';

/**
 * The local stand-in for Deep-Image `generate`: no text-to-image model runs offline, so this renders a
 * photo-studio sweep (wall curving into floor), a soft light, a vignette and a contact shadow under the
 * object. Everything here is low-frequency, so it is drawn at ≤ STUDIO_SIDE px and scaled up by libvips.
 */
const STUDIO_SIDE = 640;

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

export interface StudioRender {
  /** RGB backdrop at the canvas size. */
  backdrop: Buffer;
  /** RGBA shadow (black, alpha = darkness) at the canvas size, to composite over the backdrop. */
  shadow: Buffer;
}

/**
 * `placed` is where the object sits on the canvas (its scaled bounds). `tint` follows Deep-Image: the
 * backdrop is made grey, then coloured (white becomes the tint).
 */
export async function renderStudio(
  canvas: { width: number; height: number },
  placed: Rect,
  options: { seed: number; tint?: Rgb },
): Promise<StudioRender> {
  const look = studioLook(options.seed);
  const scale = Math.min(1, STUDIO_SIDE / Math.max(canvas.width, canvas.height));
  const w = Math.max(1, Math.round(canvas.width * scale));
  const h = Math.max(1, Math.round(canvas.height * scale));
  const color = options.tint ? options.tint.map((v) => v / 255) : [1 + look.warmth, 1, 1 - look.warmth];

  const baseY = ((placed.top + placed.height) * scale) / h;
  const horizon = baseY - ((placed.height * scale) / h) * look.horizonLift;
  const objW = (placed.width * scale) / w;
  const centerX = ((placed.left + placed.width / 2) * scale) / w;
  const aspect = w / h;
  // The shadow falls away from the light.
  const shadowX = centerX + (centerX - look.lightX) * 0.15 * objW;
  const contactRx = Math.max(objW * 0.48, 2 / w);
  const contactRy = Math.max(objW * 0.035 * aspect, 1.5 / h);
  const ambientRx = objW * 0.7;
  const ambientRy = Math.max(objW * 0.12 * aspect, 3 / h);

  const backdrop = Buffer.allocUnsafe(w * h * 3);
  const shadow = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    const v = (y + 0.5) / h;
    const floorShare = smoothstep(horizon - look.sweep, horizon + look.sweep, v);
    for (let x = 0; x < w; x++) {
      const u = (x + 0.5) / w;
      const du = (u - look.lightX) * aspect;
      const dv = v - look.lightY;
      const light = look.lightStrength * Math.exp(-(du * du + dv * dv) / 0.22);
      const wall = look.wall + light;
      const floor = look.floor - 0.06 * Math.abs(u - 0.5) + light * 0.5;
      const cu = (u - 0.5) * Math.min(aspect, 1.6);
      const cv = v - 0.5;
      const lum =
        (wall * (1 - floorShare) + floor * floorShare) * (1 - look.vignette * (cu * cu + cv * cv) * 1.6);
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) backdrop[o + c] = Math.min(255, Math.max(0, lum * color[c]! * 255));

      const sx = u - shadowX;
      const sy = v - baseY;
      const contact = Math.exp(-2.5 * ((sx / contactRx) ** 2 + (sy / contactRy) ** 2));
      const ambient = Math.exp(-2 * ((sx / ambientRx) ** 2 + (sy / ambientRy) ** 2));
      const dark = look.shadowStrength * Math.min(1, contact * 0.8 + ambient * 0.35);
      shadow[(y * w + x) * 4 + 3] = Math.round(dark * 255);
    }
  }
  const up = (data: Buffer, channels: 3 | 4) =>
    sharp(data, { raw: { width: w, height: h, channels } })
      .resize(canvas.width, canvas.height, { fit: 'fill', kernel: 'mitchell' })
      .raw()
      .toBuffer();
  const [backdropUp, shadowUp] = await Promise.all([up(backdrop, 3), up(shadow, 4)]);
  return { backdrop: backdropUp, shadow: shadowUp };
}
