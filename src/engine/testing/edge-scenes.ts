/**
 * Scenes for measuring colour decontamination (issue 10): a product of one known colour with a soft edge,
 * photographed on a coloured backdrop, composited exactly (I = αF + (1−α)B) so the true foreground colour F
 * and the true alpha are known at every pixel. The backdrop has a lighting gradient, a little spill and
 * sensor noise, so its colour near the edge must be estimated, as in a real photo.
 */
import { seededRandom } from '../render/studio.ts';

export type Rgb = readonly [number, number, number];

export const EDGE_FOREGROUNDS: Record<string, Rgb> = {
  neutral: [32, 32, 32], // the dark grey part of issue 10
  saturated: [200, 110, 20], // an orange plastic
  light: [232, 232, 228], // a white product
};

export const EDGE_BACKDROPS: Record<string, Rgb> = {
  green: [40, 170, 60],
  blue: [40, 80, 200],
  red: [200, 40, 40],
  grey: [128, 128, 128],
};

export interface EdgeScene {
  name: string;
  width: number;
  height: number;
  /** Interleaved RGB, 0..255: the photo. */
  image: Buffer;
  /** width·height, 0..255: the true alpha. */
  alpha: Buffer;
  /** Interleaved RGB: the true foreground colour at every pixel (one colour here). */
  foreground: Buffer;
}

/** Soft-edged rounded shape (edge ramp `soft` px wide) with two thin arms, on a lit, noisy backdrop. */
export function edgeScene(
  foregroundName: string,
  backdropName: string,
  size = 384,
  soft = 5,
  seed = 7,
): EdgeScene {
  const F = EDGE_FOREGROUNDS[foregroundName]!;
  const B = EDGE_BACKDROPS[backdropName]!;
  const random = seededRandom(seed);
  const image = Buffer.alloc(size * size * 3);
  const alpha = Buffer.alloc(size * size);
  const foreground = Buffer.alloc(size * size * 3);
  const c = size / 2;
  const r = size * 0.3;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Signed distance to a superellipse body, plus a thin diagonal arm (2.5 px) and a handle ring.
      const body = Math.hypot((x - c) / 1.2, y - c * 1.05) - r;
      const arm = Math.abs(x - y + size * 0.15) / Math.SQRT2 - 1.25;
      const armIn = x > size * 0.65 && x < size * 0.92 ? arm : Infinity;
      const ring = Math.abs(Math.hypot(x - size * 0.22, y - size * 0.3) - size * 0.09) - 3;
      const d = Math.min(body, armIn, ring);
      const a = Math.max(0, Math.min(1, 0.5 - d / soft));
      // Backdrop: light falls off across the frame; the floor near the object is a little darker.
      const light = 0.82 + 0.3 * (1 - y / size) + 0.1 * (x / size);
      const p = y * size + x;
      alpha[p] = Math.round(a * 255);
      const aq = alpha[p]! / 255;
      for (let k = 0; k < 3; k++) {
        const b = Math.min(255, B[k]! * light) + (random() - 0.5) * 6;
        const f = F[k]! + (random() - 0.5) * 4;
        foreground[p * 3 + k] = F[k]!;
        image[p * 3 + k] = Math.max(0, Math.min(255, Math.round(aq * f + (1 - aq) * b)));
      }
    }
  }
  return {
    name: `${foregroundName} on ${backdropName}`,
    width: size,
    height: size,
    image,
    alpha,
    foreground,
  };
}

export interface EdgeColourError {
  /** Mean Euclidean RGB distance (0..441) between estimated and true foreground, over the edge band. */
  mean: number;
  /** 95th percentile of the same distance. */
  p95: number;
  /** Pixels in the band. */
  pixels: number;
}

/**
 * Colour error of a foreground estimate in the edge band: pixels whose true alpha is between 10% and 90%
 * (where decontamination acts) and that the estimated alpha shows at all (`shown`, when given: pixels it
 * makes fully transparent draw nothing, whatever their colour). `estimate` is interleaved RGB.
 */
export function edgeColourError(
  truth: { alpha: Uint8Array; foreground: Uint8Array },
  estimate: Uint8Array,
  shown?: Uint8Array,
): EdgeColourError {
  const errors: number[] = [];
  for (let p = 0; p < truth.alpha.length; p++) {
    const a = truth.alpha[p]!;
    if (a < 26 || a > 229 || (shown && shown[p] === 0)) continue;
    const i = p * 3;
    const f = truth.foreground;
    errors.push(Math.hypot(estimate[i]! - f[i]!, estimate[i + 1]! - f[i + 1]!, estimate[i + 2]! - f[i + 2]!));
  }
  errors.sort((x, y) => x - y);
  const mean = errors.reduce((s, e) => s + e, 0) / Math.max(1, errors.length);
  return { mean, p95: errors[Math.floor(errors.length * 0.95)] ?? 0, pixels: errors.length };
}
