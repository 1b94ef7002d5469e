/**
 * Erase and restore brushes. A stroke is a chain of segments; each segment paints a capsule (every pixel
 * within `radius` of the segment), so a stroke has the same density however fast the pointer moved and
 * no beads where segments meet. Painting is idempotent per pixel — restore raises alpha to the brush's
 * coverage, erase lowers it to 1 − coverage — so overlapping segments never build up.
 */
import { clipRect, type MaskRaster, type Rect } from './raster.ts';

export type BrushMode = 'erase' | 'restore';

export interface Brush {
  mode: BrushMode;
  /** Radius in photo pixels (half the size the toolbar shows), ≥ 0.5. */
  radius: number;
  /** 0..1: the share of the radius painted at full strength; the rest falls off smoothly. */
  hardness: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Coverage 0..1 at distance `d` (px) from the brush's centre line: 1 up to the hard core, then a
 * smoothstep down to 0 at `radius`. The falloff spans radius·(1 − hardness), never less than 1 px, so a
 * hardness-1 brush still has an anti-aliased rim.
 */
export function brushFalloff(d: number, radius: number, hardness: number): number {
  const soft = Math.max(1, radius * (1 - Math.min(1, Math.max(0, hardness))));
  const t = (radius - d) / soft;
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/**
 * Paints the segment a→b (photo pixel coordinates; a pixel's centre is at +0.5) into `mask`, and writes
 * each touched pixel's coverage into `coverage` (same size as the mask; the larger value is kept) when
 * given, for the edge-aware pass. Returns the rectangle that may have changed, or null.
 */
export function paintSegment(
  mask: MaskRaster,
  a: Point,
  b: Point,
  brush: Brush,
  coverage?: Uint8Array,
): Rect | null {
  const r = Math.max(0.5, brush.radius);
  const box = clipRect(
    {
      left: Math.min(a.x, b.x) - r,
      top: Math.min(a.y, b.y) - r,
      width: Math.abs(a.x - b.x) + 2 * r,
      height: Math.abs(a.y - b.y) + 2 * r,
    },
    mask.width,
    mask.height,
  );
  if (!box) return null;
  const { data, width } = mask;
  const restore = brush.mode === 'restore';
  // Squared distances decide the two common cases without a square root: outside the brush (skip) and
  // inside its hard core (full strength); only the soft rim evaluates brushFalloff. Same values as
  // brushFalloff everywhere: t ≤ 0 ⇔ d ≥ r, and t ≥ 1 ⇔ d ≤ r − soft.
  const soft = Math.max(1, r * (1 - Math.min(1, Math.max(0, brush.hardness))));
  const outer2 = r * r;
  const core2 = r - soft > 0 ? (r - soft) * (r - soft) : -1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const inv = length2 > 0 ? 1 / length2 : 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    const py = y + 0.5 - a.y;
    for (let x = box.left; x < box.left + box.width; x++) {
      const px = x + 0.5 - a.x;
      let t = (px * dx + py * dy) * inv;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 >= outer2) continue;
      const level = d2 <= core2 ? 255 : Math.round(brushFalloff(Math.sqrt(d2), r, brush.hardness) * 255);
      if (level <= 0) continue;
      const i = y * width + x;
      if (restore) {
        if (data[i]! < level) data[i] = level;
      } else if (data[i]! > 255 - level) data[i] = 255 - level;
      if (coverage && coverage[i]! < level) coverage[i] = level;
    }
  }
  return box;
}
