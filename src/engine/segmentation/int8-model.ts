/**
 * The int8 (QDQ) variant of a float model, derived on first use from the float model and a committed
 * calibration table (see calibration/README.md) and kept in the data folder's model cache like the fp32
 * file. Its name carries a key of everything it is made from — the float model's content hash, the
 * calibration file's hash, onnxruntime's version and the derivation's own version — so a change to any of
 * them makes a new file (the old ones are removed); a file that fails its hash check is derived again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { cachedModelFile } from './model-store.ts';
import { decodeModel, encodeModel } from './onnx/onnx-model.ts';
import { prepareFloatGraph, quantizeQdq, type CalibrationTable } from './qdq.ts';

/** Bump when qdq.ts changes what it writes, so cached int8 files are derived again. */
const DERIVATION_VERSION = 1;

/** A calibration file: the table plus where it came from (see calibration/calibrate.py). */
export interface CalibrationFile extends CalibrationTable {
  /** The graph output the ranges were measured for. */
  output: string;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The file's recorded hash (cachedModelFile's sidecar, already verified) or, failing that, its hash. */
async function contentHash(file: string): Promise<string> {
  const recorded = await readFile(`${file}.sha256`, 'utf8').catch(() => null);
  return recorded?.trim() || sha256OfFile(file);
}

/** Cache key of an int8 derivation: 16 hex digits. */
export function int8Key(floatSha256: string, calibrationSha256: string, ortVersion: string): string {
  return createHash('sha256')
    .update(`${floatSha256}|${calibrationSha256}|${ortVersion}|qdq-v${DERIVATION_VERSION}`)
    .digest('hex')
    .slice(0, 16);
}

/** The int8 model bytes for a float model file and a parsed calibration file (qdq.ts's errors if it does not fit). */
export async function deriveInt8(floatFile: string, calibration: CalibrationFile): Promise<Uint8Array> {
  const float = prepareFloatGraph(decodeModel(await readFile(floatFile)), [calibration.output]);
  return encodeModel(quantizeQdq(float, calibration).model);
}

/**
 * Path of the int8 variant of `floatFile` (`<id>.int8-<key>.onnx` in the model cache), derived and
 * cached on first use. Throws when the calibration file cannot be read or does not fit the model.
 */
export async function int8ModelFile(id: string, floatFile: string, calibrationFile: string): Promise<string> {
  const calibrationBytes = await readFile(calibrationFile);
  const key = int8Key(
    await contentHash(floatFile),
    createHash('sha256').update(calibrationBytes).digest('hex'),
    ort.env.versions.common ?? 'unknown',
  );
  const name = `${id}.int8-${key}.onnx`;
  const file = await cachedModelFile(name, () =>
    deriveInt8(floatFile, JSON.parse(calibrationBytes.toString('utf8')) as CalibrationFile),
  );
  await removeStale(path.dirname(file), `${id}.int8-`, name);
  return file;
}

/** Int8 files of older keys (each ~45 MB) and their hash sidecars. */
async function removeStale(dir: string, prefix: string, keep: string): Promise<void> {
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (entry.startsWith(prefix) && entry !== keep && entry !== `${keep}.sha256`) {
      await unlink(path.join(dir, entry)).catch(() => undefined);
    }
  }
}
