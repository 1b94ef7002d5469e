import { boxMean, makeUpsampler } from './box-filter.ts';

/**
 * Colour guided filter (He et al., "Guided Image Filtering"). Pure TypeScript, shared: the engine uses it
 * in its fast form to refine the model's mask, the touch-up's edge-aware brush at full resolution (guide
 * and output the same size) to snap a stroke to the photo's edges. In the fast form the linear coefficients
 * are fitted at low resolution, where the model's mask carries all the information there is, and then
 * applied at full resolution with the full-resolution photo as guide, so edges follow the photo's real
 * edges instead of the upsampled mask's blocks. Away from edges the mask is locally constant, the fit
 * gives a = 0, b = mask, and nothing leaks into the background (no halo).
 */
export interface GuidedInput {
  /** Low-resolution guide, interleaved RGB bytes, and the mask at the same size. */
  guide: Uint8Array;
  mask: Uint8Array;
  lowWidth: number;
  lowHeight: number;
  /** Full-resolution photo (3 or 4 channels) and its size. */
  image: Uint8Array;
  channels: number;
  width: number;
  height: number;
  radius: number;
  eps: number;
  /**
   * How far (low-resolution pixels) the result may move from the model's own mask: alpha stays between
   * the mask's local minimum and maximum over this radius. Keeps the filter's edge snapping but stops
   * it from painting alpha onto nearby shadows or backdrop texture (a faint halo on white-on-white).
   */
  band: number;
}

/**
 * The band's bounds: separable min and max of the mask over a (2r+1)² window (clipped at the borders), as
 * floats 0..1. Both in one sweep, each direction written out: a compare callback per comparison made this
 * 76 ms of a 1024² fit; two sweeps with a min/max flag in the inner loop ~36 ms; this ~15.
 */
function bandBounds(src: Uint8Array, w: number, h: number, r: number): [Float32Array, Float32Array] {
  const tmpLo = new Uint8Array(w * h);
  const tmpHi = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const to = row + Math.min(w - 1, x + r);
      let lo = 255;
      let hi = 0;
      for (let k = row + Math.max(0, x - r); k <= to; k++) {
        const s = src[k]!;
        if (s < lo) lo = s;
        if (s > hi) hi = s;
      }
      tmpLo[row + x] = lo;
      tmpHi[row + x] = hi;
    }
  }
  const outLo = new Float32Array(w * h);
  const outHi = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const from = Math.max(0, y - r) * w;
    const to = Math.min(h - 1, y + r) * w;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let lo = 255;
      let hi = 0;
      for (let k = from + x; k <= to + x; k += w) {
        const l = tmpLo[k]!;
        const u = tmpHi[k]!;
        if (l < lo) lo = l;
        if (u > hi) hi = u;
      }
      outLo[row + x] = lo / 255;
      outHi[row + x] = hi / 255;
    }
  }
  return [outLo, outHi];
}

/**
 * The linear model mask ≈ a·I + b fitted over the whole w×h grid, its coefficients box-averaged (He et al.,
 * eqs. 5–8 with the colour form's 3×3 solve): returns mean a (3 planes) and mean b, each w·h floats.
 */
function fitOnGrid(
  guide: Uint8Array,
  mask: Uint8Array,
  w: number,
  h: number,
  r: number,
  eps: number,
): Float32Array[] {
  const n = w * h;
  const I = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
  const p = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    I[0][i] = guide[j]! / 255;
    I[1][i] = guide[j + 1]! / 255;
    I[2][i] = guide[j + 2]! / 255;
    p[i] = mask[i]! / 255;
  }
  // One row-sum buffer serves all seventeen box filters (each would otherwise allocate its own).
  const rowSums = new Float32Array(n);
  const box = (a: Float32Array) => boxMean(a, w, h, r, undefined, rowSums);
  // Each product is only read by the box filter that follows it, so one buffer serves all nine.
  const scratch = new Float32Array(n);
  const product = (a: Float32Array, b: Float32Array) => {
    for (let i = 0; i < n; i++) scratch[i] = a[i]! * b[i]!;
    return scratch;
  };
  const meanI = I.map(box);
  const meanP = box(p);
  const covIp = I.map((c, k) => {
    const corr = box(product(c, p));
    const m = meanI[k]!;
    for (let i = 0; i < n; i++) corr[i] = corr[i]! - m[i]! * meanP[i]!;
    return corr;
  });
  const variance = (a: number, b: number) => {
    const v = box(product(I[a as 0]!, I[b as 0]!));
    const ma = meanI[a]!;
    const mb = meanI[b]!;
    for (let i = 0; i < n; i++) v[i] = v[i]! - ma[i]! * mb[i]!;
    return v;
  };
  const vrr = variance(0, 0);
  const vrg = variance(0, 1);
  const vrb = variance(0, 2);
  const vgg = variance(1, 1);
  const vgb = variance(1, 2);
  const vbb = variance(2, 2);
  const a0 = new Float32Array(n);
  const a1 = new Float32Array(n);
  const a2 = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // Solve (Σ + eps·U) a = cov(I, p) by the adjugate of the symmetric 3×3 matrix.
    const rr = vrr[i]! + eps;
    const rg = vrg[i]!;
    const rb = vrb[i]!;
    const gg = vgg[i]! + eps;
    const gb = vgb[i]!;
    const bb = vbb[i]! + eps;
    const c00 = gg * bb - gb * gb;
    const c01 = gb * rb - rg * bb;
    const c02 = rg * gb - gg * rb;
    const c11 = rr * bb - rb * rb;
    const c12 = rb * rg - rr * gb;
    const c22 = rr * gg - rg * rg;
    const det = rr * c00 + rg * c01 + rb * c02;
    const inv = 1 / det;
    const cr = covIp[0]![i]!;
    const cg = covIp[1]![i]!;
    const cb = covIp[2]![i]!;
    const ar = (c00 * cr + c01 * cg + c02 * cb) * inv;
    const ag = (c01 * cr + c11 * cg + c12 * cb) * inv;
    const ab = (c02 * cr + c12 * cg + c22 * cb) * inv;
    a0[i] = ar;
    a1[i] = ag;
    a2[i] = ab;
    b[i] = meanP[i]! - ar * meanI[0]![i]! - ag * meanI[1]![i]! - ab * meanI[2]![i]!;
  }
  return [box(a0), box(a1), box(a2), box(b)];
}

/** A rectangle of the low-resolution grid, in pixels: columns x0..x1−1, rows y0..y1−1. */
export interface GridBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Side of the tiles the fit is split into (see fitGuidedCoefficients); of 48, 64, 96 and 128 px, 64 covered least. */
const FIT_TILE = 64;

/**
 * The parts of the grid whose coefficients are read: runs of FIT_TILE-sided tiles, in rows of tiles, that
 * hold or touch (8-neighbourhood) a pixel where the band is open (hi ≠ lo). Adjacent tiles in a row are
 * merged so their overlapping margins are fitted once.
 */
export function openBandRuns(lo: Float32Array, hi: Float32Array, w: number, h: number): GridBox[] {
  const tilesX = Math.ceil(w / FIT_TILE);
  const tilesY = Math.ceil(h / FIT_TILE);
  const needed = new Uint8Array(tilesX * tilesY);
  const tileOf = (v: number) => Math.floor(Math.max(0, v) / FIT_TILE);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      if (hi[row + x] === lo[row + x]) continue;
      // Mark every tile within one pixel: the bilinear upsampling reads a pixel's right and lower neighbours.
      for (let ty = tileOf(y - 1); ty <= tileOf(Math.min(h - 1, y + 1)); ty++)
        for (let tx = tileOf(x - 1); tx <= tileOf(Math.min(w - 1, x + 1)); tx++) needed[ty * tilesX + tx] = 1;
    }
  }
  const runs: GridBox[] = [];
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      if (!needed[ty * tilesX + tx]) continue;
      let end = tx;
      while (end + 1 < tilesX && needed[ty * tilesX + end + 1]) end++;
      runs.push({
        x0: tx * FIT_TILE,
        y0: ty * FIT_TILE,
        x1: Math.min(w, (end + 1) * FIT_TILE),
        y1: Math.min(h, (ty + 1) * FIT_TILE),
      });
      tx = end;
    }
  }
  return runs;
}

/** Copies `box` out of a w-wide plane with `channels` interleaved values per pixel. */
function cropPlane(src: Uint8Array, w: number, channels: number, box: GridBox): Uint8Array {
  const cw = (box.x1 - box.x0) * channels;
  const out = new Uint8Array(cw * (box.y1 - box.y0));
  for (let y = box.y0; y < box.y1; y++) {
    const from = (y * w + box.x0) * channels;
    out.set(src.subarray(from, from + cw), (y - box.y0) * cw);
  }
  return out;
}

/**
 * Fits the per-pixel linear model mask ≈ a·I + b at low resolution. Returns six lowWidth·lowHeight planes:
 * mean a (3, per colour), mean b, and the band's lower and upper bounds (local min / max of the mask over
 * `band` pixels, 0..1).
 *
 * The linear model is only used where the band is open (hi ≠ lo; applyGuidedCoefficients pins alpha to lo
 * elsewhere), and a mean coefficient depends on the guide and mask within 2·radius of its pixel. So only
 * the tiles near an open band are fitted, each with a 2·radius margin: the coefficients read are those of a
 * whole-grid fit (to float rounding), at 22–35 % of its area for most products on a plain backdrop and
 * 56–106 % on a busy one, where the model's mask flickers by a level here and there (11 photos at 1024²,
 * tiles plus margins over the grid). Elsewhere a = 0 and b = the mask.
 * `wholeGrid` fits every pixel (the reference the tiled fit must match; for tests).
 */
export function fitGuidedCoefficients(
  input: GuidedInput,
  opts: { wholeGrid?: boolean } = {},
): Float32Array[] {
  const { guide, mask, lowWidth: w, lowHeight: h, radius: r, eps } = input;
  const [lo, hi] = bandBounds(mask, w, h, input.band);
  if (opts.wholeGrid) return [...fitOnGrid(guide, mask, w, h, r, eps), lo, hi];
  const n = w * h;
  const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const b = planes[3]!;
  for (let i = 0; i < n; i++) b[i] = mask[i]! / 255;
  const margin = 2 * r;
  for (const run of openBandRuns(lo, hi, w, h)) {
    const crop = {
      x0: Math.max(0, run.x0 - margin),
      y0: Math.max(0, run.y0 - margin),
      x1: Math.min(w, run.x1 + margin),
      y1: Math.min(h, run.y1 + margin),
    };
    const cw = crop.x1 - crop.x0;
    const ch = crop.y1 - crop.y0;
    const fitted = fitOnGrid(cropPlane(guide, w, 3, crop), cropPlane(mask, w, 1, crop), cw, ch, r, eps);
    for (let k = 0; k < 4; k++) {
      for (let y = run.y0; y < run.y1; y++) {
        const from = (y - crop.y0) * cw + (run.x0 - crop.x0);
        planes[k]!.set(fitted[k]!.subarray(from, from + run.x1 - run.x0), y * w + run.x0);
      }
    }
  }
  return [...planes, lo, hi];
}

/** Applies the fitted coefficients at full resolution: alpha = mean_a · I + mean_b, as bytes. */
export function applyGuidedCoefficients(input: GuidedInput, coeffs: Float32Array[]): Uint8Array {
  const { image, channels, width, height, lowWidth, lowHeight } = input;
  const [A0, A1, A2, B, Lo, Hi] = coeffs as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const out = new Uint8Array(width * height);
  const up = makeUpsampler(lowWidth, lowHeight, width, height);
  const k = 1 / 255;
  for (let y = 0; y < height; y++) {
    const { r0, r1, fy } = up.rowOf(y);
    const gy = 1 - fy;
    const rowPix = y * width;
    for (let x = 0; x < width; x++) {
      const i00 = r0 + up.x0[x]!;
      const i01 = r0 + up.x1[x]!;
      const i10 = r1 + up.x0[x]!;
      const i11 = r1 + up.x1[x]!;
      const fx = up.fx[x]!;
      const gx = 1 - fx;
      const w00 = gx * gy;
      const w01 = fx * gy;
      const w10 = gx * fy;
      const w11 = fx * fy;
      const lo = Lo[i00]! * w00 + Lo[i01]! * w01 + Lo[i10]! * w10 + Lo[i11]! * w11;
      const hi = Hi[i00]! * w00 + Hi[i01]! * w01 + Hi[i10]! * w10 + Hi[i11]! * w11;
      // Away from edges the band pins alpha (lo = hi): skip the linear model, most of a 12 MP photo.
      if (hi - lo < 1 / 1024) {
        out[rowPix + x] = lo <= 0 ? 0 : lo >= 1 ? 255 : (lo * 255 + 0.5) | 0;
        continue;
      }
      const bv = B[i00]! * w00 + B[i01]! * w01 + B[i10]! * w10 + B[i11]! * w11;
      const a0 = A0[i00]! * w00 + A0[i01]! * w01 + A0[i10]! * w10 + A0[i11]! * w11;
      const a1 = A1[i00]! * w00 + A1[i01]! * w01 + A1[i10]! * w10 + A1[i11]! * w11;
      const a2 = A2[i00]! * w00 + A2[i01]! * w01 + A2[i10]! * w10 + A2[i11]! * w11;
      const p = (rowPix + x) * channels;
      let q = (a0 * image[p]! + a1 * image[p + 1]! + a2 * image[p + 2]!) * k + bv;
      q = q < lo ? lo : q > hi ? hi : q;
      out[rowPix + x] = q <= 0 ? 0 : q >= 1 ? 255 : (q * 255 + 0.5) | 0;
    }
  }
  return out;
}

export function guidedUpsample(input: GuidedInput): Uint8Array {
  return applyGuidedCoefficients(input, fitGuidedCoefficients(input));
}
