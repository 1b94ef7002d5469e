/**
 * Writes the float graph that the int8 derivation starts from (qdq.ts prepareFloatGraph of the cached
 * fp32 ISNet, assembled on first use), for calibrate.py to measure: its tensor names are the ones the
 * calibration table must use.
 *
 * Run: npx tsx src/engine/segmentation/calibration/export-float.ts OUT.onnx
 */
import { readFile, writeFile } from 'node:fs/promises';
import { decodeModel, encodeModel } from '../onnx/onnx-model.ts';
import { prepareFloatGraph } from '../qdq.ts';
import { resolveModelSpec } from '../registry.ts';

const out = process.argv[2];
if (!out) {
  console.error('usage: export-float.ts OUT.onnx');
  process.exit(2);
}
const spec = await resolveModelSpec('isnet-fp16');
const float = prepareFloatGraph(decodeModel(await readFile(await spec.resolveFile())), [spec.output]);
await writeFile(out, encodeModel(float));
console.log(`wrote ${out}: ${float.graph?.node?.length} nodes, output "${spec.output}"`);
