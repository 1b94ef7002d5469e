/** Flip test-time augmentation (BACKDROP_FLIP_TTA): the mirror of the input and the averaged outputs. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyConvNetModel } from '../testing/tiny-onnx.ts';
import type { ModelSpec } from './registry.ts';
import { loadModel, mirrorRgb, runModel, type LoadedModel } from './session.ts';

const SIZE = 4;
let dir: string;
let model: LoadedModel;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-flip-'));
  process.env.BACKDROP_DATA_DIR = path.join(dir, 'data');
  const file = path.join(dir, 'tiny.onnx');
  await writeFile(file, tinyConvNetModel());
  const spec: ModelSpec = {
    id: 'tiny',
    source: 'test',
    inputSize: SIZE,
    mean: [0.5, 0.5, 0.5],
    std: [0.5, 0.5, 0.5],
    output: 'output',
    activation: 'none', // the tiny model ends in a Sigmoid, like ISNet
    resolveFile: () => Promise.resolve(file),
  };
  model = await loadModel(spec);
});
afterAll(async () => {
  await model.session.release();
  delete process.env.BACKDROP_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

describe('flip average', () => {
  it('mirrors interleaved RGB left to right, pixel by pixel', () => {
    // 2×2: row 0 = red, green; row 1 = blue, white.
    const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255);
    expect([...mirrorRgb(rgb, 2)]).toEqual([0, 255, 0, 255, 0, 0, 255, 255, 255, 0, 0, 255]);
    expect([...mirrorRgb(mirrorRgb(rgb, 2), 2)]).toEqual([...rgb]);
  });

  it('averages the pass on the photo with the mirrored-back pass on its mirror image', async () => {
    const rgb = Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => (i * 37) % 256);
    const plain = await runModel(model, rgb, SIZE);
    const mirrored = await runModel(model, mirrorRgb(rgb, SIZE), SIZE);
    const averaged = await runModel(model, rgb, SIZE, { flipAverage: true });
    expect(plain).not.toEqual(averaged); // the tiny model is not mirror-symmetric
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const both = (plain[y * SIZE + x]! + mirrored[y * SIZE + SIZE - 1 - x]!) / 2;
        // Averaged before rounding to bytes: within one step of the mean of the two byte masks.
        expect(Math.abs(averaged[y * SIZE + x]! - both)).toBeLessThanOrEqual(1);
      }
    }
    // A mirror-symmetric photo gives a mirror-symmetric averaged mask.
    const symmetric = await runModel(model, Uint8Array.from(rgb).fill(90), SIZE, { flipAverage: true });
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) expect(symmetric[y * SIZE + x]).toBe(symmetric[y * SIZE + SIZE - 1 - x]);
    }
  });
});
