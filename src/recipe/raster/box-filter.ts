/**
 * Mean over a (2r+1)² window, separable running sums: O(1) per pixel whatever the radius. Windows are
 * clipped at the borders and divided by the number of pixels actually inside, so edges are not darkened.
 */
export function boxMean(
  src: Float32Array,
  width: number,
  height: number,
  r: number,
  out?: Float32Array,
  /** A width·height buffer for the row sums, to reuse across calls (contents overwritten). */
  scratch?: Float32Array,
): Float32Array {
  const tmp = scratch ?? new Float32Array(width * height);
  const dst = out ?? new Float32Array(width * height);
  // Horizontal pass: tmp = row sums / count. The loop is split at the window's border positions so the
  // interior (most pixels) runs without clamping or branches; the arithmetic and its order are unchanged.
  const leftEnd = Math.min(r, width); // x < leftEnd: the window is clipped on the left
  const rightStart = Math.max(leftEnd, width - 1 - r); // x ≥ rightStart: clipped on the right
  const full = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    const first = Math.min(r, width - 1);
    for (let x = 0; x <= first; x++) sum += src[row + x]!;
    let x = 0;
    for (; x < leftEnd; x++) {
      const hi = x + r;
      tmp[row + x] = sum / (Math.min(hi, width - 1) + 1);
      if (hi + 1 < width) sum += src[row + hi + 1]!;
    }
    for (; x < rightStart; x++) {
      tmp[row + x] = sum / full;
      sum += src[row + x + r + 1]!;
      sum -= src[row + x - r]!;
    }
    for (; x < width; x++) {
      const lo = x - r;
      const hi = x + r;
      tmp[row + x] = sum / (Math.min(hi, width - 1) - Math.max(lo, 0) + 1);
      if (hi + 1 < width) sum += src[row + hi + 1]!;
      if (lo >= 0) sum -= src[row + lo]!;
    }
  }
  // Vertical pass over whole rows at a time so memory is read sequentially; write, add and subtract are
  // one loop (the same per-element order as three separate ones).
  const colSum = new Float64Array(width);
  const firstRows = Math.min(r, height - 1);
  for (let y = 0; y <= firstRows; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) colSum[x]! += tmp[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const lo = y - r;
    const hi = y + r;
    const inv = 1 / (Math.min(hi, height - 1) - Math.max(lo, 0) + 1);
    const row = y * width;
    const adds = hi + 1 < height;
    const subs = lo >= 0;
    const add = (hi + 1) * width;
    const sub = lo * width;
    if (adds && subs) {
      for (let x = 0; x < width; x++) {
        const c = colSum[x]!;
        dst[row + x] = c * inv;
        colSum[x] = c + tmp[add + x]! - tmp[sub + x]!;
      }
    } else {
      for (let x = 0; x < width; x++) dst[row + x] = colSum[x]! * inv;
      if (adds) for (let x = 0; x < width; x++) colSum[x]! += tmp[add + x]!;
      if (subs) for (let x = 0; x < width; x++) colSum[x]! -= tmp[sub + x]!;
    }
  }
  return dst;
}

/** Bilinear sample of a low-resolution plane at full-resolution pixel centres. */
export function makeUpsampler(lowW: number, lowH: number, fullW: number, fullH: number) {
  const sx = lowW / fullW;
  const sy = lowH / fullH;
  const x0 = new Int32Array(fullW);
  const x1 = new Int32Array(fullW);
  const fx = new Float32Array(fullW);
  for (let x = 0; x < fullW; x++) {
    const u = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), lowW - 1);
    x0[x] = Math.floor(u);
    x1[x] = Math.min(x0[x]! + 1, lowW - 1);
    fx[x] = u - x0[x]!;
  }
  const rowOf = (y: number) => {
    const v = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), lowH - 1);
    const y0 = Math.floor(v);
    return { r0: y0 * lowW, r1: Math.min(y0 + 1, lowH - 1) * lowW, fy: v - y0 };
  };
  return { x0, x1, fx, rowOf };
}
