import * as ort from 'onnxruntime-node';
import { SegmentationError } from './errors.ts';
import { openOptimized } from './optimized-model.ts';
import type { Precision } from './precision.ts';
import type { ModelSpec } from './registry.ts';

/**
 * Session options, measured on the shared 2-core box (.data scratch runs, same process, alternating):
 * - graphOptimizationLevel 'all' (adds x86 NCHWc conv layouts): median 19.6 s vs 22–24 s for 'extended'
 *   with the machine at load ~19 (≈1 s when idle). It holds reordered weight copies (session 0.53 GB vs
 *   0.30 GB) but its direct convolutions need far less scratch than 'extended's im2col (run peak +0.26 GB
 *   vs +0.44 GB), so its peak is no worse. The optimised graph is saved once and reloaded with optimisations
 *   off (optimized-model.ts): same outputs, no reordering at load, 0.35 GB resident instead of 0.6 GB.
 * - intraOpNumThreads 2 = the machine's cores; executionMode 'sequential' (imgly's 'parallel' adds
 *   inter-op threads that fight the intra-op pool); no spinning, so idle ORT threads leave the CPU to
 *   the BFF's event loop and the refinement worker.
 * - CPU memory arena off and memory pattern off: with both on, RSS grew from 0.53 GB to 1.3 GB after
 *   two 1024² runs and never shrank; with both off, RSS returns to ~0.56 GB after a run (peak 0.79 GB).
 *   The arena alone (pattern off) makes a 1024² pass ~15–20% faster (0.9 s vs 1.1 s, with huge pages) but
 *   keeps ~1.05 GB resident for good; onnxruntime-node cannot pass the run option that shrinks it.
 */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  enableMemPattern: false,
  enableCpuMemArena: false,
  logSeverityLevel: 3, // errors only: ORT's load-time warnings are for model authors, not users
  extra: { session: { 'intra_op.allow_spinning': '0' } },
};

export interface LoadedModel {
  spec: ModelSpec;
  precision: Precision;
  session: ort.InferenceSession;
  inputName: string;
  /** Whether the graph takes other spatial sizes than inputSize (symbolic H/W on its input). */
  spatialDynamic: boolean;
}

/** Opens the model's file for `precision` (its int8 variant or its float file), building caches as needed. */
export async function loadModel(spec: ModelSpec, precision: Precision = 'fp32'): Promise<LoadedModel> {
  if (precision === 'int8' && !spec.int8) {
    throw new SegmentationError('model-config', `model ${spec.id} has no int8 variant`);
  }
  const file = await (precision === 'int8' ? spec.int8!.resolveFile() : spec.resolveFile());
  let session: ort.InferenceSession;
  try {
    session = await openOptimized(file, SESSION_OPTIONS);
  } catch (error) {
    throw new SegmentationError(
      'model-load',
      `cannot load ONNX model ${file} (${spec.source}): ${(error as Error).message}`,
    );
  }
  const inputName = session.inputNames[0];
  if (!inputName) throw new SegmentationError('model-load', `ONNX model ${file} has no input`);
  if (!session.outputNames.includes(spec.output)) {
    throw new SegmentationError(
      'model-config',
      `ONNX model ${file} has no output "${spec.output}"; its outputs are ${session.outputNames.join(', ')}`,
    );
  }
  const meta = session.inputMetadata[0];
  const shape = meta && 'shape' in meta ? meta.shape : [];
  const spatialDynamic = typeof shape[2] === 'string' && typeof shape[3] === 'string';
  return { spec, precision, session, inputName, spatialDynamic };
}

/**
 * Interleaved RGB bytes (size²·3) → normalised planar NCHW float32, in one pass with the
 * per-channel affine folded into a multiply-add.
 */
export function toNchw(rgb: Uint8Array, size: number, spec: Pick<ModelSpec, 'mean' | 'std'>): Float32Array {
  const plane = size * size;
  const out = new Float32Array(plane * 3);
  const [m0, m1, m2] = spec.mean;
  const [s0, s1, s2] = spec.std;
  const k0 = 1 / (255 * s0);
  const k1 = 1 / (255 * s1);
  const k2 = 1 / (255 * s2);
  const b0 = -m0 / s0;
  const b1 = -m1 / s1;
  const b2 = -m2 / s2;
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    out[i] = rgb[j]! * k0 + b0;
    out[i + plane] = rgb[j + 1]! * k1 + b1;
    out[i + 2 * plane] = rgb[j + 2]! * k2 + b2;
  }
  return out;
}

/** Raw model output → 0..255 mask bytes, applying the model's activation. */
export function toMaskBytes(output: Float32Array, activation: ModelSpec['activation']): Uint8Array {
  const out = new Uint8Array(output.length);
  let lo = 0;
  let range = 1;
  if (activation === 'minmax') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of output) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    lo = min;
    range = max - min || 1;
  }
  for (let i = 0; i < output.length; i++) {
    let v = output[i]!;
    if (activation === 'sigmoid') v = 1 / (1 + Math.exp(-v));
    else if (activation === 'minmax') v = (v - lo) / range;
    // Uint8Array assignment truncates and clamps only via wrap-around, so clamp and round here.
    out[i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
  }
  return out;
}

/** The model's raw output for size²·3 RGB bytes: size² floats (before the model's activation). */
async function maskOutput(model: LoadedModel, rgb: Uint8Array, size: number): Promise<Float32Array> {
  const input = new ort.Tensor('float32', toNchw(rgb, size, model.spec), [1, 3, size, size]);
  const result = await model.session.run({ [model.inputName]: input }, [model.spec.output]);
  const output = result[model.spec.output];
  if (!output || output.type !== 'float32') {
    throw new SegmentationError('model-load', `model output "${model.spec.output}" is not a float32 tensor`);
  }
  const data = output.data as Float32Array;
  if (data.length !== size * size) {
    throw new SegmentationError(
      'model-load',
      `model output "${model.spec.output}" has ${data.length} values, expected ${size}×${size} (one mask)`,
    );
  }
  return data;
}

/** Interleaved RGB (size² pixels) mirrored left to right. */
export function mirrorRgb(rgb: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let y = 0; y < size; y++) {
    const row = y * size * 3;
    for (let x = 0; x < size; x++) {
      const from = row + x * 3;
      const to = row + (size - 1 - x) * 3;
      out[to] = rgb[from]!;
      out[to + 1] = rgb[from + 1]!;
      out[to + 2] = rgb[from + 2]!;
    }
  }
  return out;
}

export interface RunOptions {
  /**
   * Test-time augmentation: also run the mirrored photo and average the two outputs (mirrored back), as
   * segmentation models are commonly evaluated; twice the model time.
   */
  flipAverage?: boolean;
}

/** Runs the model on size²·3 RGB bytes, fetching only the mask output; 0..255 mask bytes, size². */
export async function runModel(
  model: LoadedModel,
  rgb: Uint8Array,
  size: number,
  { flipAverage = false }: RunOptions = {},
): Promise<Uint8Array> {
  const data = await maskOutput(model, rgb, size);
  if (flipAverage) {
    const mirrored = await maskOutput(model, mirrorRgb(rgb, size), size);
    for (let y = 0; y < size; y++) {
      const row = y * size;
      for (let x = 0; x < size; x++) data[row + x] = (data[row + x]! + mirrored[row + size - 1 - x]!) / 2;
    }
  }
  return toMaskBytes(data, model.spec.activation);
}
