/**
 * The real ISNet's int8 variant (derived from the shipped weights and the committed calibration table on
 * first use) against the fp32 model, on a photo the project generates, at the engine's 1024² input.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { scoreMask } from '../testing/mask-metrics.ts';
import { renderSynthetic } from '../testing/synthetic-products.ts';
import { decodeModel, tensorFloats, toNumber, type ModelProto } from './onnx/onnx-model.ts';
import { resolveModelSpec } from './registry.ts';
import { loadModel, runModel } from './session.ts';

describe('ISNet int8', { timeout: 300_000 }, () => {
  it('gives the fp32 mask of a generated product photo (IoU ≥ 0.99, mean difference ≤ 1 %)', async () => {
    const spec = await resolveModelSpec('isnet-fp16');
    const int8File = await spec.int8!.resolveFile();
    const int8Model = decodeModel(await readFile(int8File));
    const ops = new Set(int8Model.graph?.node?.map((n) => n.op_type));
    expect(ops.has('QuantizeLinear') && ops.has('DequantizeLinear')).toBe(true);
    // The input, (x − 128) / 256 for 8-bit x, is quantised without loss: scale 1/256, zero point 128.
    expect(inputQuantization(int8Model)).toEqual({ scale: 1 / 256, zeroPoint: 128 });

    const photo = await renderSynthetic({
      kind: 'headphones',
      backdrop: 'busy',
      seed: 77,
      width: 1200,
      height: 1000,
    });
    const rgb = await sharp(photo.image, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .resize(1024, 1024, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    const masks: Record<string, Uint8Array> = {};
    for (const precision of ['fp32', 'int8'] as const) {
      const model = await loadModel(spec, precision);
      masks[precision] = await runModel(model, rgb, 1024);
      await model.session.release();
    }
    const fp32 = masks.fp32!;
    const int8 = masks.int8!;
    const agreement = scoreMask(int8, fp32, 1024, 1024); // fp32's mask as the reference
    expect(agreement.iou).toBeGreaterThanOrEqual(0.99);
    expect(agreement.mae).toBeLessThanOrEqual(0.01);
    expect(int8).not.toEqual(fp32); // it is the quantised model that ran
  });
});

/** Scale and zero point of the QuantizeLinear that reads the graph input. */
function inputQuantization(model: ModelProto): { scale: number; zeroPoint: number } {
  const graph = model.graph!;
  const input = graph.input![0]!.name;
  const node = graph.node!.find((n) => n.op_type === 'QuantizeLinear' && n.input![0] === input)!;
  const initializer = (name: string) => graph.initializer!.find((t) => t.name === name)!;
  const zero = initializer(node.input![2]!);
  const zeroBytes = zero.raw_data?.length
    ? zero.raw_data
    : Uint8Array.from((zero.int32_data ?? []).map(toNumber));
  return { scale: tensorFloats(initializer(node.input![1]!))[0]!, zeroPoint: zeroBytes[0]! };
}
