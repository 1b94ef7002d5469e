/**
 * The whole segment() pipeline (registry → session → preprocessing → model → refinement worker → cache)
 * with a tiny hand-written model whose "mask" is the photo's grey level, so every expected value is known.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelMeanModel } from '../testing/tiny-onnx.ts';
import type { SegmentationError } from './index.ts';
import { estimateForeground, resetSegmenter, segment, segmenterInfo, type RawImage } from './index.ts';
import { toMaskBytes, toNchw } from './session.ts';

let dir: string;
async function useModel(description: Record<string, unknown>) {
  const file = path.join(dir, `model-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(
    file,
    JSON.stringify({ path: 'tiny.onnx', inputSize: 64, mean: [0, 0, 0], std: [1, 1, 1], ...description }),
  );
  process.env.BACKDROP_MODEL = file;
  resetSegmenter({ model: true });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-pipeline-'));
  await writeFile(path.join(dir, 'tiny.onnx'), channelMeanModel());
});
afterAll(async () => {
  delete process.env.BACKDROP_MODEL;
  resetSegmenter({ model: true });
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => useModel({ output: 'mask' }));

/** Left half white, right half black, `channels` per pixel. */
function halves(width: number, height: number, channels: 3 | 4 = 3): RawImage {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      data.fill(x < width / 2 ? 255 : 0, p, p + 3);
      if (channels === 4) data[p + 3] = 255;
    }
  return { data, width, height, channels };
}

describe('preprocessing and postprocessing', () => {
  it('normalises interleaved RGB into planar NCHW with the model mean/std', () => {
    const out = toNchw(Uint8Array.from([255, 0, 51, 0, 255, 102]), 1, {
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.25, 1],
    });
    // Only the first pixel of a 1×1 "image" is read: R=(1-0.5)/0.5, G=(0-0.5)/0.25, B=(0.2-0.5)/1.
    expect(out[0]).toBeCloseTo(1);
    expect(out[1]).toBeCloseTo(-2);
    expect(out[2]).toBeCloseTo(-0.3);
  });

  it('maps model outputs to bytes with each activation, clamping out-of-range values', () => {
    expect([...toMaskBytes(Float32Array.from([-0.5, 0, 0.5, 1.7]), 'none')]).toEqual([0, 0, 128, 255]);
    expect([...toMaskBytes(Float32Array.from([0, 100, -100]), 'sigmoid')]).toEqual([128, 255, 0]);
    expect([...toMaskBytes(Float32Array.from([2, 4, 6]), 'minmax')]).toEqual([0, 128, 255]);
  });
});

describe('segment() with a tiny model', () => {
  it('returns a full-resolution mask that follows the photo, with a sharp edge where the photo has one', async () => {
    const image = halves(300, 200);
    const mask = await segment(image);
    expect(mask).toMatchObject({ width: 300, height: 200, modelId: 'custom:tiny.onnx' });
    expect(mask.alpha.length).toBe(300 * 200);
    const row = 100 * 300;
    expect(mask.alpha[row + 20]).toBeGreaterThan(245);
    expect(mask.alpha[row + 280]).toBeLessThan(10);
    // The model saw a 64² version (soft over ~5 px at full size); the guided filter snaps it back to
    // the photo's edge: two pixels either side of x=150 are already (almost) decided.
    expect(mask.alpha[row + 147]).toBeGreaterThan(200);
    expect(mask.alpha[row + 152]).toBeLessThan(55);
    expect(segmenterInfo()).toMatchObject({ modelId: 'custom:tiny.onnx', inputSize: 64 });
  });

  it('hands photos larger than one 4 MB transfer slice to the worker intact (last rows included)', async () => {
    const image = halves(1500, 1100); // 4.95 MB: two slices
    const mask = await segment(image);
    const lastRow = 1099 * 1500;
    expect(mask.alpha[lastRow + 10]).toBeGreaterThan(245);
    expect(mask.alpha[lastRow + 1490]).toBeLessThan(10);
    const fg = await estimateForeground(image, mask.alpha);
    expect(fg.length).toBe(image.data.length);
    expect(fg[(lastRow + 10) * 3]).toBe(255);
  });

  it('accepts RGBA input and ignores its alpha channel', async () => {
    const mask = await segment(halves(120, 80, 4));
    expect(mask.alpha[40 * 120 + 10]).toBeGreaterThan(245);
  });

  it('fetches only the configured output, and names the outputs when it is wrong', async () => {
    await useModel({ output: 'side' }); // −mask: all ≤ 0, so an all-zero mask proves which one is read
    expect(Math.max(...(await segment(halves(64, 64))).alpha)).toBe(0);
    await useModel({ output: 'nope' });
    const error = await segment(halves(64, 64)).catch((e: unknown) => e);
    expect((error as SegmentationError).code).toBe('model-config');
    expect((error as Error).message).toMatch(/no output "nope".*mask, side/);
  });

  it('caches by key (and not without one), separately per quality', async () => {
    const image = halves(100, 100);
    const first = await segment(image, { cacheKey: 'img-1' });
    expect(await segment(image, { cacheKey: 'img-1' })).toBe(first);
    expect(await segment(image, { cacheKey: 'img-1', quality: 'preview' })).not.toBe(first);
    expect(await segment(image)).not.toBe(first);
  });

  it('stops with code "cancelled" when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await segment(halves(64, 64), { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as SegmentationError).code).toBe('cancelled');
  });

  it('rejects inconsistent images with a message naming the sizes', async () => {
    const bad = { data: Buffer.alloc(10), width: 4, height: 4, channels: 3 as const };
    await expect(segment(bad)).rejects.toThrow(/10 bytes, expected 4×4×3 = 48/);
    await expect(segment({ ...bad, channels: 2 as 3 })).rejects.toThrow(/2 channels/);
  });
});

describe('estimateForeground (decontamination)', () => {
  it('removes the old background colour from soft-edge pixels', async () => {
    // Blue object over a red backdrop, blended through a 40-px soft ramp of alpha.
    const width = 200;
    const height = 60;
    const alpha = Buffer.alloc(width * height);
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const a = Math.min(1, Math.max(0, (120 - x) / 40));
        const i = y * width + x;
        alpha[i] = Math.round(a * 255);
        data[i * 3] = Math.round(220 * (1 - a)); // red backdrop
        data[i * 3 + 2] = Math.round(200 * a); // blue object
      }
    const image: RawImage = { data, width, height, channels: 3 };
    const fg = await estimateForeground(image, alpha);
    const i = 30 * width + 100; // alpha = 0.5: the photo shows half red, half blue
    expect(data[i * 3]).toBeGreaterThan(100);
    expect(fg[i * 3]).toBeLessThan(30); // red gone
    expect(fg[i * 3 + 2]).toBeGreaterThan(170); // blue restored
    const solid = 30 * width + 10;
    expect([...fg.subarray(solid * 3, solid * 3 + 3)]).toEqual([...data.subarray(solid * 3, solid * 3 + 3)]);
  });
});
