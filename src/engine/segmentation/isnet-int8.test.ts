/**
 * The real ISNet's int8 variant (derived from the shipped weights and the committed calibration table on
 * first use) against the fp32 model, on a photo the project generates, at the engine's 1024² input.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { scoreMask } from '../testing/mask-metrics.ts';
import { renderSynthetic } from '../testing/synthetic-products.ts';
import { decodeModel } from './onnx/onnx-model.ts';
import { resolveModelSpec } from './registry.ts';
import { loadModel, runModel } from './session.ts';

describe('ISNet int8', { timeout: 300_000 }, () => {
  it('gives the fp32 mask of a generated product photo (IoU ≥ 0.99, mean difference ≤ 1 %)', async () => {
    const spec = await resolveModelSpec('isnet-fp16');
    const int8File = await spec.int8!.resolveFile();
    const ops = new Set(decodeModel(await readFile(int8File)).graph?.node?.map((n) => n.op_type));
    expect(ops.has('QuantizeLinear') && ops.has('DequantizeLinear')).toBe(true);

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
