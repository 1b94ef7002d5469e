/**
 * A subject mask estimated from the result alone, for results Backdrop has no mask of (a provider's
 * result, a file given to `backdrop verify`): when most of the frame's border is one flat colour, the
 * subject is every pixel that differs from it by more than a tolerance. Product photos on a studio
 * backdrop are like that; a busy or gradient background is not, and then there is no estimate.
 */

/** Largest per-channel difference from the border colour still counted as background (JPEG noise). */
export const COLOUR_TOLERANCE = 24;
/** Share of the border that must be the flat colour for the estimate to be trusted. */
const FLAT_BORDER_SHARE = 0.6;

/** The most common colour of the border (4-bit buckets, then the bucket's mean), and its share. */
function borderColour(rgba: Buffer, width: number, height: number) {
  const buckets = new Map<number, { n: number; r: number; g: number; b: number }>();
  let total = 0;
  const add = (x: number, y: number) => {
    const o = (y * width + x) * 4;
    const [r, g, b] = [rgba[o]!, rgba[o + 1]!, rgba[o + 2]!];
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bucket = buckets.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
    bucket.n++;
    bucket.r += r;
    bucket.g += g;
    bucket.b += b;
    buckets.set(key, bucket);
    total++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    add(width - 1, y);
  }
  let best = { n: 0, r: 0, g: 0, b: 0 };
  for (const bucket of buckets.values()) if (bucket.n > best.n) best = bucket;
  const colour: [number, number, number] = [best.r / best.n, best.g / best.n, best.b / best.n];
  // Count the border pixels within the tolerance of that colour (a bucket edge can split a flat colour).
  let flat = 0;
  const near = (o: number) =>
    Math.abs(rgba[o]! - colour[0]) <= COLOUR_TOLERANCE &&
    Math.abs(rgba[o + 1]! - colour[1]) <= COLOUR_TOLERANCE &&
    Math.abs(rgba[o + 2]! - colour[2]) <= COLOUR_TOLERANCE;
  for (let x = 0; x < width; x++) {
    if (near(x * 4)) flat++;
    if (near(((height - 1) * width + x) * 4)) flat++;
  }
  for (let y = 1; y < height - 1; y++) {
    if (near(y * width * 4)) flat++;
    if (near((y * width + width - 1) * 4)) flat++;
  }
  return { colour, share: flat / total };
}

/** 255 where a pixel differs from the flat border colour by more than the tolerance; null if not flat. */
export function estimateSubjectMask(rgba: Buffer, width: number, height: number): Uint8Array | null {
  if (width < 3 || height < 3) return null;
  const { colour, share } = borderColour(rgba, width, height);
  if (share < FLAT_BORDER_SHARE) return null;
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const o = i * 4;
    const differs =
      rgba[o + 3]! < 255 ||
      Math.abs(rgba[o]! - colour[0]) > COLOUR_TOLERANCE ||
      Math.abs(rgba[o + 1]! - colour[1]) > COLOUR_TOLERANCE ||
      Math.abs(rgba[o + 2]! - colour[2]) > COLOUR_TOLERANCE;
    if (differs) mask[i] = 255;
  }
  return mask;
}
