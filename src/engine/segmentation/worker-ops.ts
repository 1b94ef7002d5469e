/**
 * Everything the segmentation workers do, as plain functions of cloneable inputs. Runs inside
 * segmentation-worker.mjs, never on the main thread: onnxruntime-node's `session.run` is synchronous
 * (it only defers to setImmediate), as are model assembly, hashing and fp16 conversion, and the
 * full-resolution refinement loops — any of them on the main thread would stall the BFF for seconds.
 */
import { SegmentationError } from './errors.ts';
import { estimateForegroundColors, type ForegroundInput } from './foreground.ts';
import { guidedUpsample, type GuidedInput } from '../../recipe/raster/guided-filter.ts';
import { collectGarbage } from './mask-cache.ts';
import type { Precision } from './precision.ts';
import type { LoadedModel } from './session.ts';

export interface ModelInfo {
  id: string;
  source: string;
  inputSize: number;
  previewSize: number | null;
  precision: Precision;
  /** Why this precision (see precision.ts). */
  precisionReason: string;
  /** Damaged cached models found and rebuilt while loading (model-store.ts takeCacheNotes). */
  cacheNotes: string[];
}

let loaded: LoadedModel | null = null;

/**
 * Resolves BACKDROP_MODEL and BACKDROP_MODEL_PRECISION (passed in: workers get a copy of env), builds
 * caches, opens the session.
 */
async function loadModel(settings: { model?: string; precision?: string }): Promise<ModelInfo> {
  const { resolveModelSpec } = await import('./registry.ts');
  const { loadModel: open } = await import('./session.ts');
  const { choosePrecision } = await import('./precision.ts');
  const { takeCacheNotes } = await import('./model-store.ts');
  const spec = await resolveModelSpec(settings.model);
  let choice = choosePrecision(settings.precision, spec.int8 !== undefined);
  try {
    loaded = await open(spec, choice.precision);
  } catch (error) {
    // An int8 variant that cannot be derived or loaded costs speed, not the engine, unless it was asked for.
    if (choice.precision !== 'int8' || settings.precision?.trim().toLowerCase() === 'int8') throw error;
    loaded = await open(spec, 'fp32');
    choice = { precision: 'fp32', reason: `the int8 variant failed (${(error as Error).message})` };
  }
  return {
    id: spec.id,
    source: spec.source,
    inputSize: spec.inputSize,
    previewSize: spec.previewSize ?? null,
    precision: choice.precision,
    precisionReason: choice.reason,
    cacheNotes: takeCacheNotes(),
  };
}

async function runModel(input: {
  rgb: Uint8Array;
  size: number;
  flipAverage?: boolean;
}): Promise<Uint8Array> {
  if (!loaded) throw new SegmentationError('model-load', 'the model is not loaded');
  const { runModel: run } = await import('./session.ts');
  return run(loaded, input.rgb, input.size, { flipAverage: input.flipAverage ?? false });
}

/**
 * Large buffers (a 12 MP photo is 36 MB) arrive in slices: one postMessage would structured-clone the
 * whole buffer synchronously on the main thread (~90 ms measured), longer than the BFF's 50 ms budget.
 */
const staged = new Map<number, Uint8Array>();

function stageSlice(input: { key: number; total: number; offset: number; bytes: Uint8Array }): Promise<null> {
  let buffer = staged.get(input.key);
  if (!buffer) staged.set(input.key, (buffer = new Uint8Array(input.total)));
  buffer.set(input.bytes, input.offset);
  return Promise.resolve(null);
}

function takeStaged(key: number): Uint8Array {
  const buffer = staged.get(key);
  staged.delete(key);
  if (!buffer) throw new SegmentationError('bad-image', `staged buffer ${key} is missing`);
  return buffer;
}

type Staged<T, K extends keyof T> = Omit<T, K> & { [P in K]: number };

export const operations = {
  loadModel,
  runModel,
  stageSlice,
  /** Frees the buffers this thread dropped (staged photos, results), when Node runs with --expose-gc. */
  collectGarbage: async (_: null) => {
    collectGarbage();
    return null;
  },
  dropStaged: async (keys: number[]) => {
    for (const key of keys) staged.delete(key);
    return null;
  },
  guidedUpsample: async (input: Staged<GuidedInput, 'image'>) =>
    guidedUpsample({ ...input, image: takeStaged(input.image) }),
  estimateForegroundColors: async (input: Staged<ForegroundInput, 'image' | 'alpha'>) =>
    estimateForegroundColors({ ...input, image: takeStaged(input.image), alpha: takeStaged(input.alpha) }),
};

export type Operations = typeof operations;
