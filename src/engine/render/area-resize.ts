/**
 * Area-average downscale of a one-channel 8-bit image (a mask) to floats 0..1: each output pixel is the
 * mean of the input it covers, partial pixels weighted by their covered share (the "box" or "area"
 * resampling of image editors). For the shadow's silhouette at ≤ 2 MP it replaces a libvips resize: 1–2 ms
 * in JS against ~6 ms of CPU, most of it the call's own cost (copying in and out, the thread hop).
 */

/** Per output index: the first input index it covers and the weight of each input index from there. */
function spans(outSize: number, from: number, size: number) {
  const scale = size / outSize;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights: number[] = [];
  const offset = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const start = o * scale;
    const end = start + scale;
    const i0 = Math.floor(start);
    const i1 = Math.min(size, Math.ceil(end));
    first[o] = from + i0;
    count[o] = i1 - i0;
    offset[o] = weights.length;
    for (let i = i0; i < i1; i++) weights.push((Math.min(end, i + 1) - Math.max(start, i)) / scale);
  }
  return { first, count, offset, weights: Float32Array.from(weights) };
}

/**
 * The rectangle `rect` of `src` (one byte per pixel, `width` px per row) scaled to outWidth × outHeight by
 * area averaging, as floats 0..1 (row-major). For shrinking (outWidth ≤ rect.width, outHeight ≤
 * rect.height); throws a RangeError otherwise.
 */
export function areaResize(
  src: Uint8Array,
  width: number,
  rect: { left: number; top: number; width: number; height: number },
  outWidth: number,
  outHeight: number,
): Float32Array {
  if (outWidth > rect.width || outHeight > rect.height || outWidth < 1 || outHeight < 1)
    throw new RangeError(`areaResize shrinks only: ${rect.width}×${rect.height} → ${outWidth}×${outHeight}.`);
  const xs = spans(outWidth, rect.left, rect.width);
  const ys = spans(outHeight, rect.top, rect.height);
  const out = new Float32Array(outWidth * outHeight);
  // Input rows summed down with their vertical weights first (one multiply-add per input pixel, in
  // memory order), then each output row's sum shrunk across once.
  const inWidth = rect.width;
  const column = new Float32Array(inWidth);
  const { first: xFirst, count: xCount, offset: xOffset, weights: xWeights } = xs;
  for (let o = 0; o < outHeight; o++) {
    column.fill(0);
    const rows = ys.count[o]!;
    for (let j = 0; j < rows; j++) {
      const wy = ys.weights[ys.offset[o]! + j]! / 255;
      const line = (ys.first[o]! + j) * width + rect.left;
      for (let x = 0; x < inWidth; x++) column[x] = column[x]! + src[line + x]! * wy;
    }
    const target = o * outWidth;
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      const at = xFirst[x]! - rect.left;
      const w = xOffset[x]!;
      const n = xCount[x]!;
      for (let i = 0; i < n; i++) sum += column[at + i]! * xWeights[w + i]!;
      out[target + x] = sum;
    }
  }
  return out;
}
