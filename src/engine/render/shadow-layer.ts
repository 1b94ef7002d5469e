/**
 * The shadow layer: a darkness map (0..1, computed small) scaled up bilinearly to the canvas and coloured,
 * as the RGBA layer that goes between the backdrop and the subject. One JS pass at every size, in time
 * slices so the event loop stays free on large canvases (/api/health must answer in < 50 ms during a run):
 * at 12 MP it costs ~4× less CPU than libvips' resize + `create` + `joinChannel` (bench/finishing.bench.ts),
 * because most of the layer is empty and is filled a row at a time.
 */
import { endianness } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import sharp from 'sharp';
import type { FloatImage } from './shadow-geometry.ts';

/**
 * Pixels the layer pass writes before letting the event loop run: ~3 ms on this machine's cores (~10 ms
 * at load 5), so a 1024 px canvas is one slice and a 12 MP one twelve. By count, not time, so the slicing
 * is the same on every machine (and testable).
 */
export const LAYER_SLICE_PIXELS = 1_000_000;
const LITTLE_ENDIAN = endianness() === 'LE';

function hexRgb(hex: string): { r: number; g: number; b: number } {
  const n = parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/** Source sample positions for a bilinear upscale: pixel centres aligned, clamped at the edges. */
function bilinearTaps(outSize: number, inSize: number) {
  const index = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const t = Math.min(inSize - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    const i0 = Math.min(inSize - 2, Math.floor(t));
    index[i] = Math.max(0, i0);
    frac[i] = inSize > 1 ? t - Math.max(0, i0) : 0;
  }
  return { index, frac };
}

/** A map row scaled up across to the canvas width, as alpha bytes + 0.5 (so truncation rounds). */
interface WideRow {
  /** The map row held, −1 for none. */
  index: number;
  alpha: Float32Array;
  /** Canvas columns [first, end) that may be non-zero; first = end when the whole row is 0. */
  first: number;
  end: number;
}

/**
 * Writes rows [y0, y1) of the layer into `pixels` (one 32-bit RGBA word per pixel). Each map row is
 * widened once (kept for the output rows that read it); output rows then blend two widened rows, and the
 * columns where both are 0 are filled with the bare colour.
 */
function layerWriter(map: FloatImage, width: number, height: number, color: string, opacity: number) {
  const { r, g, b } = hexRgb(color);
  // One 32-bit store per pixel: R, G, B, A in memory order on a little-endian CPU (every Node target here).
  const rgb = LITTLE_ENDIAN ? (r | (g << 8) | (b << 16)) >>> 0 : ((r << 24) | (g << 16) | (b << 8)) >>> 0;
  const alphaShift = LITTLE_ENDIAN ? 24 : 0;
  const xs = bilinearTaps(width, map.width);
  const ys = bilinearTaps(height, map.height);
  const k = opacity * 255;
  // Rows are read in order, so two widened rows (their buffers reused: no garbage per row) suffice.
  const slots: WideRow[] = [0, 1].map(() => ({
    index: -1,
    alpha: new Float32Array(width),
    first: 0,
    end: 0,
  }));
  const widen = (j: number): WideRow => {
    const [a, b] = slots as [WideRow, WideRow];
    if (a.index === j) return a;
    if (b.index === j) return b;
    // The older (lower) row goes: output rows only move down, and read j after j − 1.
    const row = a.index < b.index ? a : b;
    const src = map.data.subarray(j * map.width, (j + 1) * map.width);
    let lo = map.width;
    let hi = -1;
    for (let i = 0; i < src.length; i++)
      if (src[i] !== 0) {
        if (lo > i) lo = i;
        hi = i;
      }
    const alpha = row.alpha.fill(0.5);
    let first = width;
    let end = 0;
    if (hi >= 0) {
      const last = map.width > 1 ? 1 : 0;
      for (let x = 0; x < width; x++) {
        const i = xs.index[x]!;
        if (i + last < lo || i > hi) continue;
        const v = src[i]! + xs.frac[x]! * (src[i + last]! - src[i]!);
        alpha[x] = Math.min(255.49, Math.max(0, v * k)) + 0.5;
        if (first > x) first = x;
        end = x + 1;
      }
    }
    row.index = j;
    row.first = first;
    row.end = end;
    return row;
  };
  const lowerStep = map.height > 1 ? 1 : 0;
  return (pixels: Uint32Array, y0: number, y1: number) => {
    for (let y = y0; y < y1; y++) {
      const top = ys.index[y]!;
      const fy = ys.frac[y]!;
      const upper = widen(top);
      const lower = widen(top + lowerStep);
      const first = Math.min(upper.first, lower.first);
      const end = Math.max(upper.end, lower.end);
      const row = y * width;
      if (first >= end) {
        pixels.fill(rgb, row, row + width);
        continue;
      }
      pixels.fill(rgb, row, row + first);
      pixels.fill(rgb, row + end, row + width);
      const u = upper.alpha;
      const d = lower.alpha;
      for (let x = first; x < end; x++)
        pixels[row + x] = rgb | ((u[x]! + fy * (d[x]! - u[x]!)) << alphaShift);
    }
  };
}

function pixelsOf(out: Buffer, count: number): Uint32Array {
  return new Uint32Array(out.buffer, out.byteOffset, count);
}

/**
 * A darkness map (0..1, any size) as the RGBA layer to composite over the backdrop at width×height (4 bytes
 * per pixel, not premultiplied): the shadow colour with alpha = darkness × opacity, the map scaled up
 * bilinearly between pixel centres (a shadow is smooth, so bilinear is enough). Runs in slices of
 * LAYER_SLICE_PIXELS, yielding to the event loop between them.
 */
export async function shadowLayer(
  map: FloatImage,
  width: number,
  height: number,
  color: string,
  opacity: number,
): Promise<Buffer> {
  const out = Buffer.allocUnsafe(width * height * 4);
  const pixels = pixelsOf(out, width * height);
  const write = layerWriter(map, width, height, color, opacity);
  const band = Math.max(1, Math.floor(LAYER_SLICE_PIXELS / width));
  for (let y = 0; y < height; y += band) {
    if (y > 0) await nextTurn();
    write(pixels, y, Math.min(height, y + band));
  }
  return out;
}

/**
 * The same layer from libvips (resize with the linear kernel, then the colour joined on): the reference the
 * JS pass is checked against. Not used by the renderer: at 12 MP it took ~4× the JS pass's CPU time.
 */
export const shadowLayerVips: typeof shadowLayer = async (map, width, height, color, opacity) => {
  const bytes = Buffer.allocUnsafe(map.data.length);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Math.min(255, Math.max(0, map.data[i]! * opacity * 255 + 0.5));
  const alpha = await sharp(bytes, { raw: { width: map.width, height: map.height, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: hexRgb(color) } })
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .raw()
    .toBuffer();
};
