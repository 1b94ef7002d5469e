import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyConvNetModel } from '../testing/tiny-onnx.ts';
import { int8Key, int8ModelFile, type CalibrationFile } from './int8-model.ts';
import { decodeModel } from './onnx/onnx-model.ts';
import { choosePrecision, INT8_BY_DEFAULT, vnniFlag } from './precision.ts';

let dir: string;
let floatFile: string;
let calibrationFile: string;
const calibration: CalibrationFile = {
  output: 'output',
  ranges: { input: [-1, 1], r1: [0, 4], j1: [0, 4], c2: [-8, 8], x0: [-1, 1], a1: [-9, 9], output: [0, 1] },
  keepFloat: [],
};
const cached = async () =>
  (await readdir(path.join(dir, 'data', 'models'))).filter((f) => f.includes('.int8-'));

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-int8-'));
  process.env.BACKDROP_DATA_DIR = path.join(dir, 'data');
  floatFile = path.join(dir, 'tiny.onnx');
  calibrationFile = path.join(dir, 'tiny.ranges.json');
  await writeFile(floatFile, tinyConvNetModel());
  await writeFile(calibrationFile, JSON.stringify(calibration));
});
afterEach(async () => {
  delete process.env.BACKDROP_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

describe('int8 model cache', () => {
  it('derives the int8 file once, names it by its sources, and it runs', async () => {
    const file = await int8ModelFile('tiny', floatFile, calibrationFile);
    expect(path.basename(file)).toMatch(/^tiny\.int8-[0-9a-f]{16}\.onnx$/);
    expect(decodeModel(await readFile(file)).graph?.node?.some((n) => n.op_type === 'QuantizeLinear')).toBe(
      true,
    );
    const session = await ort.InferenceSession.create(file);
    const out = await session.run({
      input: new ort.Tensor('float32', new Float32Array(3 * 16), [1, 3, 4, 4]),
    });
    expect(out.output!.dims).toEqual([1, 1, 4, 4]);
    const { mtimeMs } = await stat(file);
    expect(await int8ModelFile('tiny', floatFile, calibrationFile)).toBe(file);
    expect((await stat(file)).mtimeMs).toBe(mtimeMs); // reused, not derived again
  });

  it('makes a new file when the calibration or the float model changes, and drops the old one', async () => {
    const first = path.basename(await int8ModelFile('tiny', floatFile, calibrationFile));
    await writeFile(
      calibrationFile,
      JSON.stringify({ ...calibration, ranges: { ...calibration.ranges, r1: [0, 3] } }),
    );
    const second = path.basename(await int8ModelFile('tiny', floatFile, calibrationFile));
    expect(second).not.toBe(first);
    await writeFile(floatFile, Buffer.concat([tinyConvNetModel(), Buffer.from([0x22, 0])])); // + domain ""
    const third = path.basename(await int8ModelFile('tiny', floatFile, calibrationFile));
    expect(new Set([first, second, third]).size).toBe(3);
    expect(await cached()).toEqual([third, `${third}.sha256`]);
  });

  it('keys by onnxruntime version too', () => {
    expect(int8Key('a', 'b', '1.30.0')).not.toBe(int8Key('a', 'b', '1.31.0'));
    expect(int8Key('a', 'b', '1.30.0')).toBe(int8Key('a', 'b', '1.30.0'));
  });

  it('derives a damaged file again', async () => {
    const file = await int8ModelFile('tiny', floatFile, calibrationFile);
    const good = await readFile(file);
    await writeFile(file, good.subarray(0, good.length >> 1)); // torn write
    expect(await int8ModelFile('tiny', floatFile, calibrationFile)).toBe(file);
    expect((await readFile(file)).equals(good)).toBe(true);
  });

  it('says which tensor a calibration file misses', async () => {
    const { j1: _j1, ...ranges } = calibration.ranges;
    await writeFile(calibrationFile, JSON.stringify({ ...calibration, ranges }));
    await expect(int8ModelFile('tiny', floatFile, calibrationFile)).rejects.toThrow(
      /no range for tensor "j1"/,
    );
  });
});

describe('precision choice', () => {
  const vnni = 'processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512_vnni\n';
  const plain = 'processor\t: 0\nflags\t\t: fpu sse avx2\n';

  it('would run fp32 everywhere if int8 were switched off as the default', () => {
    expect(choosePrecision(undefined, true, vnni, false)).toEqual({
      precision: 'fp32',
      reason: 'int8 does not hold quality yet; BACKDROP_MODEL_PRECISION=int8 runs it',
    });
    expect(choosePrecision('auto', true, plain, false).precision).toBe('fp32');
  });

  it('by default runs int8 where the CPU has VNNI and fp32 where it has not', () => {
    expect(INT8_BY_DEFAULT).toBe(true);
    expect(choosePrecision(undefined, true, vnni)).toEqual({
      precision: 'int8',
      reason: 'this CPU multiplies int8 natively (avx512_vnni)',
    });
    expect(vnniFlag(vnni)).toBe('avx512_vnni');
    expect(vnniFlag('flags : avx_vnni')).toBe('avx_vnni');
    expect(vnniFlag(plain)).toBeNull();
    expect(choosePrecision('auto', true, plain)).toEqual({
      precision: 'fp32',
      reason: 'this CPU has no native int8 multiply (VNNI), where int8 is not faster',
    });
    expect(choosePrecision('', false, vnni)).toEqual({
      precision: 'fp32',
      reason: 'the model has no int8 variant',
    });
  });

  it('obeys BACKDROP_MODEL_PRECISION and names it in errors', () => {
    expect(choosePrecision('fp32', true, vnni)).toEqual({
      precision: 'fp32',
      reason: 'BACKDROP_MODEL_PRECISION=fp32',
    });
    expect(choosePrecision(' INT8 ', true, plain).precision).toBe('int8');
    expect(() => choosePrecision('int8', false, vnni)).toThrow(
      /BACKDROP_MODEL_PRECISION=int8: this model has no int8/,
    );
    expect(() => choosePrecision('int4', true, vnni)).toThrow(
      /BACKDROP_MODEL_PRECISION: "int4" is not a precision/,
    );
  });
});
