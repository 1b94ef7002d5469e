/**
 * Writes the int8 (QDQ) model a calibration table gives — what the engine derives on first use — for
 * evaluate.py to score a candidate table before it is committed.
 *
 * Run: npx tsx src/engine/segmentation/calibration/derive.ts TABLE.json OUT.onnx
 */
import { readFile, writeFile } from 'node:fs/promises';
import { decodeModel, encodeModel } from '../onnx/onnx-model.ts';
import { prepareFloatGraph, quantizeQdq, type CalibrationTable } from '../qdq.ts';
import { resolveModelSpec } from '../registry.ts';

const [tableFile, out] = process.argv.slice(2);
if (!tableFile || !out) {
  console.error('usage: derive.ts TABLE.json OUT.onnx');
  process.exit(2);
}
const table = JSON.parse(await readFile(tableFile, 'utf8')) as CalibrationTable;
const spec = await resolveModelSpec('isnet-fp16');
const float = prepareFloatGraph(decodeModel(await readFile(await spec.resolveFile())), [spec.output]);
const result = quantizeQdq(float, table);
await writeFile(out, encodeModel(result.model));
console.log(
  `wrote ${out}: ${result.quantizedNodes} nodes int8, ${result.quantizedTensors} activations quantised, ${table.keepFloat.length} nodes float`,
);
