/**
 * The full-resolution mask as the touch-up edits it: one byte per photo pixel (0 background … 255
 * subject), kept outside React (a 12 MP mask is 12 MB; re-rendering it through state would copy it).
 * Rectangles are in photo pixels; every operation here is pure and bounds-checked.
 */
export interface MaskRaster {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function createRaster(width: number, height: number, fill = 0): MaskRaster {
  return { data: new Uint8Array(width * height).fill(fill), width, height };
}

/** The intersection of `rect` with the raster, rounded out to whole pixels; null when empty. */
export function clipRect(rect: Rect, width: number, height: number): Rect | null {
  const left = Math.max(0, Math.floor(rect.left));
  const top = Math.max(0, Math.floor(rect.top));
  const right = Math.min(width, Math.ceil(rect.left + rect.width));
  const bottom = Math.min(height, Math.ceil(rect.top + rect.height));
  return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : null;
}

/** The smallest rectangle holding both (either may be null). */
export function unionRect(a: Rect | null, b: Rect | null): Rect | null {
  if (!a) return b;
  if (!b) return a;
  const left = Math.min(a.left, b.left);
  const top = Math.min(a.top, b.top);
  return {
    left,
    top,
    width: Math.max(a.left + a.width, b.left + b.width) - left,
    height: Math.max(a.top + a.height, b.top + b.height) - top,
  };
}

/** `rect` grown by `by` px on every side, clipped to the raster. */
export function padRect(rect: Rect, by: number, width: number, height: number): Rect {
  return clipRect(
    { left: rect.left - by, top: rect.top - by, width: rect.width + 2 * by, height: rect.height + 2 * by },
    width,
    height,
  )!;
}

/** Copies `rect` of a raster's bytes into a new array (row by row). */
export function readRect(raster: MaskRaster, rect: Rect): Uint8Array {
  const out = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = (rect.top + y) * raster.width + rect.left;
    out.set(raster.data.subarray(from, from + rect.width), y * rect.width);
  }
  return out;
}

/** Writes `bytes` (rect.width·rect.height) into `rect` of the raster. */
export function writeRect(raster: MaskRaster, rect: Rect, bytes: Uint8Array): void {
  for (let y = 0; y < rect.height; y++) {
    raster.data.set(
      bytes.subarray(y * rect.width, (y + 1) * rect.width),
      (rect.top + y) * raster.width + rect.left,
    );
  }
}
