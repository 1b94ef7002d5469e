import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { pointConvModel, tinyConvNetModel } from '../testing/tiny-onnx.ts';
import {
  decodeModel,
  encodeModel,
  tensorDims,
  type ModelProto,
  type TensorProto,
} from './onnx/onnx-model.ts';
import {
  activationParams,
  prepareFloatGraph,
  quantizeBias,
  quantizeQdq,
  quantizeWeights,
  roundHalfEven,
  type CalibrationTable,
} from './qdq.ts';

const ops = (model: ModelProto) => (model.graph?.node ?? []).map((n) => n.op_type);
const count = (model: ModelProto, op: string) => ops(model).filter((o) => o === op).length;
const initializer = (model: ModelProto, name: string): TensorProto => {
  const found = model.graph?.initializer?.find((t) => t.name === name);
  if (!found) throw new Error(`no initializer ${name}`);
  return found;
};

async function run(model: ModelProto, input: Float32Array, dims: number[], optimize: 'disabled' | 'all') {
  const session = await ort.InferenceSession.create(encodeModel(model), { graphOptimizationLevel: optimize });
  const result = await session.run({ input: new ort.Tensor('float32', input, dims) });
  return [...(result.output!.data as Float32Array)];
}

describe('quantisation arithmetic', () => {
  it('rounds half to even, as QuantizeLinear does', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([
      0, 2, 2, -0, -2, -2, 2, 3,
    ]);
  });

  it('derives uint8 activation parameters from a range widened to contain 0', () => {
    expect(activationParams(0, 2.55)).toEqual({ scale: Math.fround(0.01), zeroPoint: 0 });
    // [−1.275, 1.275]: scale 2.55 / 255 = 0.01, zero point 127.5 → 128 (half to even).
    expect(activationParams(-1.275, 1.275)).toEqual({ scale: Math.fround(0.01), zeroPoint: 128 });
    // [0.5, 1] is widened to [0, 1] so that 0 stays exact (padding, Relu).
    expect(activationParams(0.5, 1)).toEqual({ scale: Math.fround(1 / 255), zeroPoint: 0 });
    expect(activationParams(0, 0)).toEqual({ scale: 1, zeroPoint: 0 });
  });

  it('quantises weights per output channel, symmetric in [−127, 127]', () => {
    // Channel 0: max |w| = 1.27 → scale 0.01; 0.005 is a tie → 0 (even), −0.015 → −2 (even).
    // Channel 1: max |w| = 0.254 → scale 0.002; 0.001 → 0 (tie), 0.003 → 2 (tie).
    const { q, scales } = quantizeWeights(
      Float32Array.of(1.27, 0.5, 0.005, -0.015, -0.254, 0.1, 0.001, 0.003),
      2,
    );
    expect([...scales]).toEqual([Math.fround(0.01), Math.fround(0.002)]);
    expect([...q]).toEqual([127, 50, 0, -2, -127, 50, 0, 2]);
    expect([...quantizeWeights(new Float32Array(4), 2).scales]).toEqual([1, 1]);
    expect(() => quantizeWeights(new Float32Array(5), 2)).toThrow(/do not split into 2 output channels/);
  });

  it('quantises biases to int32 with scale input scale × weight scale', () => {
    const { q, scales } = quantizeBias(
      Float32Array.of(0.1, -0.02),
      0.01,
      Float32Array.of(0.5 / 127, 0.3 / 127),
    );
    expect(scales[0]).toBe(Math.fround(0.01 * Math.fround(0.5 / 127)));
    expect([...q]).toEqual([2540, -847]); // 0.1 / 3.937e-5 = 2540; −0.02 / 2.362e-5 = −846.67
  });
});

describe('QDQ derivation', () => {
  const tinyTable: CalibrationTable = {
    ranges: {
      input: [-1, 1],
      r1: [0, 4],
      j1: [0, 4],
      c2: [-8, 8],
      x0: [-1, 1],
      a1: [-9, 9],
      output: [0, 1],
    },
    keepFloat: [],
  };

  it('prepares the float graph: identity Casts and unused outputs removed, names kept', () => {
    const prepared = prepareFloatGraph(decodeModel(tinyConvNetModel()), ['output']);
    expect(ops(prepared)).toEqual([
      'Conv',
      'Relu',
      'MaxPool',
      'Resize',
      'Concat',
      'Conv',
      'Slice',
      'Add',
      'Sigmoid',
    ]);
    expect(prepared.graph?.node?.find((n) => n.op_type === 'MaxPool')?.input).toEqual(['r1']);
    expect(prepared.graph?.output?.map((o) => o.name)).toEqual(['output']);
    expect(() => prepareFloatGraph(decodeModel(tinyConvNetModel()), ['mask'])).toThrow(/no output "mask"/);
  });

  it('writes onnxruntime’s QDQ form: int8 weights, int32 biases, Relu absorbed, shared pooling scales', async () => {
    const prepared = prepareFloatGraph(decodeModel(tinyConvNetModel()), ['output']);
    const { model, quantizedNodes, quantizedTensors } = quantizeQdq(prepared, tinyTable);
    expect(quantizedNodes).toBe(7); // 2 Conv, MaxPool, Resize, Concat, Add, Sigmoid (Slice stays float)
    expect(count(model, 'Relu')).toBe(0);
    // input, r1, p1, u1, j1, c2, x0, a1, output
    expect(quantizedTensors).toBe(9);
    expect(count(model, 'QuantizeLinear')).toBe(9);
    expect(count(model, 'DequantizeLinear')).toBe(9 + 4); // + 2 weights and 2 biases
    expect(initializer(model, 'w1_quantized').data_type).toBe(3); // INT8
    expect(tensorDims(initializer(model, 'w1_scale'))).toEqual([4]);
    expect(initializer(model, 'b1_quantized').data_type).toBe(6); // INT32
    expect(model.graph?.initializer?.some((t) => t.name === 'w1')).toBe(false);
    const pool = model.graph!.node!.find((n) => n.op_type === 'MaxPool')!;
    expect(pool.input).toEqual(['r1_dequantized']);
    const poolQ = model.graph!.node!.find((n) => n.name === 'p1_QuantizeLinear')!;
    expect(poolQ.input?.slice(1)).toEqual(['r1_scale', 'r1_zero_point']);
    // The graph output is still called `output`, now the dequantised value.
    expect(model.graph!.node!.find((n) => n.output?.includes('output'))?.op_type).toBe('DequantizeLinear');

    // onnxruntime fuses it into integer kernels…
    const optimized = path.join(await mkdtemp(path.join(tmpdir(), 'backdrop-qdq-')), 'fused.onnx');
    await ort.InferenceSession.create(encodeModel(model), { optimizedModelFilePath: optimized });
    const fused = ops(decodeModel(await readFile(optimized)));
    await rm(path.dirname(optimized), { recursive: true });
    expect(fused.filter((o) => o === 'QLinearConv')).toHaveLength(2);
    expect(fused).toEqual(expect.arrayContaining(['QLinearConcat', 'QLinearAdd', 'QLinearSigmoid']));
    // …and the result stays close to the float model.
    const size = 8;
    const input = Float32Array.from({ length: 3 * size * size }, (_, i) => Math.sin(i) * 0.9);
    const dims = [1, 3, size, size];
    const float = await run(prepared, input, dims, 'all');
    const int8 = await run(model, input, dims, 'all');
    const worst = Math.max(...float.map((v, i) => Math.abs(v - int8[i]!)));
    expect(worst).toBeGreaterThan(0); // it really is quantised…
    expect(worst).toBeLessThan(0.03); // …and within a few output steps (1/255) of float
  });

  it('keeps named nodes float, with no quantised tensor between two float nodes', () => {
    const prepared = prepareFloatGraph(decodeModel(tinyConvNetModel()), ['output']);
    const { model } = quantizeQdq(prepared, { ...tinyTable, keepFloat: ['Add_a1', 'Sigmoid_output'] });
    expect(model.graph!.node!.some((n) => n.name === 'a1_QuantizeLinear')).toBe(false);
    expect(model.graph!.node!.some((n) => n.name === 'output_QuantizeLinear')).toBe(false);
    expect(model.graph!.node!.find((n) => n.op_type === 'Sigmoid')?.input).toEqual(['a1']);
    expect(model.graph!.node!.find((n) => n.op_type === 'Add')?.input).toEqual(['c2_dequantized', 'x0']);
  });

  it('names a tensor the calibration table misses', () => {
    const prepared = prepareFloatGraph(decodeModel(tinyConvNetModel()), ['output']);
    const { j1: _j1, ...ranges } = tinyTable.ranges;
    expect(() => quantizeQdq(prepared, { ranges, keepFloat: [] })).toThrow(/no range for tensor "j1"/);
  });

  it('computes exactly the hand-quantised values, unfused and fused', async () => {
    // input scale 0.01 / zp 0; weights 0.5 → 127 (scale 0.5/127), −0.3 → −127 (scale 0.3/127);
    // biases 0.1 → 2540, 0.02 → 847 (scales 0.01·w scale); output [−1.275, 1.275] → scale 0.01, zp 128.
    const prepared = prepareFloatGraph(decodeModel(pointConvModel()), ['output']);
    const { model } = quantizeQdq(prepared, {
      ranges: { input: [0, 2.55], output: [-1.275, 1.275] },
      keepFloat: [],
    });
    // x → Q → DQ: 0.123 → 12 → 0.12; 1 → 100 → 1; 2.6 → 260, saturates at 255 → 2.55; −0.05 → −5 → 0 → 0.
    // Channel 0: 0.5·x + 0.1 = 0.16, 0.6, 1.375 (→ 266, saturates at 255 → 1.27), 0.1.
    // Channel 1: −0.3·x + 847·(0.01·0.3/127) = −0.015992 (→ −1.6 → −2 → 126 → −0.02), −0.28, −0.74, 0.02.
    const expected = [0.16, 0.6, 1.27, 0.1, -0.02, -0.28, -0.74, 0.02];
    const input = Float32Array.of(0.123, 1, 2.6, -0.05);
    for (const optimize of ['disabled', 'all'] as const) {
      const out = await run(model, input, [1, 1, 1, 4], optimize);
      out.forEach((v, i) => expect(v, `${optimize} [${i}]`).toBeCloseTo(expected[i]!, 6));
    }
  });
});
