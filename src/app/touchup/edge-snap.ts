/**
 * The edge-aware brush: after a stroke, the stroked pixels take the alpha their colour implies instead of
 * the brush's, so a rough stroke along an outline does not leave a halo (restore) or a bite (erase).
 *
 * 1. Local colour models: around every pixel (a window of the brush's radius) the mean colour of what is
 *    subject after the stroke (F̄) and of what is background (B̄).
 * 2. Colour-line alpha: the pixel's colour projected on the line from B̄ to F̄, α = (I − B̄)·(F̄ − B̄) / |F̄ − B̄|²,
 *    the estimate closed-form and blur-fusion matting start from (Levin et al. 2008; Forte & Pitié 2021).
 *    Where the two models are near in colour (no edge) or one side has no pixels, the plain brush stands.
 * 3. Guided-filter refinement of that alpha against the photo (He et al.), which aligns the soft edge
 *    with the photo's own edge and removes per-pixel noise.
 * Restore only ever raises alpha and erase only lowers it, blended by the brush's coverage.
 */
import { boxMean } from '../../recipe/raster/box-filter.ts';
import { applyGuidedCoefficients, fitGuidedCoefficients } from '../../recipe/raster/guided-filter.ts';
import type { BrushMode } from './brush.ts';
import { padRect, type Rect } from './raster.ts';

export interface SnapInput {
  /** The photo as RGBA bytes (ImageData layout), width·height·4. */
  photo: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** The mask before the stroke. */
  before: Uint8Array;
  /** The mask after the plain stroke; rewritten inside `rect`. */
  mask: Uint8Array;
  /** The stroke's coverage 0..255 per pixel. */
  coverage: Uint8Array;
  /** Where the stroke painted. */
  rect: Rect;
  mode: BrushMode;
  /** The brush radius (px): the size of the colour models' window. */
  radius: number;
}

/** Colour distance (0..√3 in 0..1 units) at which the models count as fully distinct; below it the
 * snapped alpha is blended with the plain stroke's in proportion. */
const CONTRAST = 0.1;
/** Share of a window each side needs before its mean colour is trusted. */
const MIN_SHARE = 0.05;

/** Rewrites the stroked pixels of `input.mask` edge-aware; returns the rectangle written. */
export function snapStroke(input: SnapInput): Rect {
  const { photo, width, before, mask, coverage, rect, mode } = input;
  const window = Math.max(3, Math.round(input.radius));
  const outer = padRect(rect, window, width, input.height);
  const w = outer.width;
  const h = outer.height;
  const n = w * h;
  const I = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const fg = new Float32Array(n);
  const guide = new Uint8Array(n * 3);
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      const p = (outer.top + y) * width + outer.left + x;
      for (let c = 0; c < 3; c++) {
        const v = photo[p * 4 + c]!;
        I[c]![i] = v / 255;
        guide[i * 3 + c] = v;
      }
      fg[i] = mask[p]! >= 128 ? 1 : 0;
    }
  }
  const fgShare = boxMean(fg, w, h, window);
  const weighted = new Float32Array(n);
  const meanOf = (plane: Float32Array, side: 1 | 0) => {
    for (let i = 0; i < n; i++) weighted[i] = plane[i]! * (side ? fg[i]! : 1 - fg[i]!);
    const mean = boxMean(weighted, w, h, window);
    for (let i = 0; i < n; i++) {
      const share = side ? fgShare[i]! : 1 - fgShare[i]!;
      mean[i] = share > 0 ? mean[i]! / share : 0;
    }
    return mean;
  };
  const F = I.map((plane) => meanOf(plane, 1));
  const B = I.map((plane) => meanOf(plane, 0));
  const plain = mode === 'restore' ? 1 : 0;
  // Outside the stroke the target is the mask itself, so the refinement reads true context there.
  const target = new Uint8Array(n);
  const trust = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const p = (outer.top + Math.floor(i / w)) * width + outer.left + (i % w);
    if (coverage[p] === 0) {
      target[i] = mask[p]!;
      continue;
    }
    const d0 = F[0]![i]! - B[0]![i]!;
    const d1 = F[1]![i]! - B[1]![i]!;
    const d2 = F[2]![i]! - B[2]![i]!;
    const spread = d0 * d0 + d1 * d1 + d2 * d2;
    const share = fgShare[i]!;
    const trusted = share >= MIN_SHARE && share <= 1 - MIN_SHARE;
    const confidence = trusted ? Math.min(1, Math.sqrt(spread) / CONTRAST) : 0;
    trust[i] = confidence;
    let alpha = plain;
    if (confidence > 0) {
      const along =
        (I[0]![i]! - B[0]![i]!) * d0 + (I[1]![i]! - B[1]![i]!) * d1 + (I[2]![i]! - B[2]![i]!) * d2;
      alpha = Math.min(1, Math.max(0, along / spread));
    }
    target[i] = Math.round(alpha * 255);
  }
  const refined = refine(guide, target, w, h);
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    for (let x = rect.left; x < rect.left + rect.width; x++) {
      const p = y * width + x;
      const k = coverage[p]! / 255;
      if (k === 0) continue;
      const i = (y - outer.top) * w + (x - outer.left);
      const old = before[p]!;
      const next = old + k * (refined[i]! - old);
      const snapped = mode === 'restore' ? Math.max(old, next) : Math.min(old, next);
      // Where the photo shows no edge, the plain stroke stands.
      mask[p] = Math.round(trust[i]! * snapped + (1 - trust[i]!) * mask[p]!);
    }
  }
  return rect;
}

/** Guided filter of the alpha against the photo at full resolution (radius 2, eps as the engine's). */
function refine(guide: Uint8Array, alpha: Uint8Array, w: number, h: number): Uint8Array {
  const input = {
    guide,
    mask: alpha,
    lowWidth: w,
    lowHeight: h,
    image: guide,
    channels: 3,
    width: w,
    height: h,
    radius: 2,
    eps: 1e-3,
    band: 2,
  };
  return applyGuidedCoefficients(input, fitGuidedCoefficients(input));
}
