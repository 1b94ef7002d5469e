/**
 * Writes the int8 (QDQ) model a calibration table gives — what the engine derives on first use
 * (int8-model.ts deriveInt8) — for evaluate.py to score a candidate table before it is committed.
 *
 * Run: npx tsx src/engine/segmentation/calibration/derive.ts TABLE.json OUT.onnx
 */
import { readFile, writeFile } from 'node:fs/promises';
import { deriveInt8, type CalibrationFile } from '../int8-model.ts';
import { resolveModelSpec } from '../registry.ts';

const [tableFile, out] = process.argv.slice(2);
if (!tableFile || !out) {
  console.error('usage: derive.ts TABLE.json OUT.onnx');
  process.exit(2);
}
const table = JSON.parse(await readFile(tableFile, 'utf8')) as CalibrationFile;
const bytes = await deriveInt8(await (await resolveModelSpec('isnet-fp16')).resolveFile(), table);
await writeFile(out, bytes);
console.log(`wrote ${out}: ${(bytes.length / 1e6).toFixed(1)} MB, ${table.keepFloat.length} nodes float`);
