/**
 * Everything the segmentation workers do, as plain functions of cloneable inputs. Runs inside
 * segmentation-worker.mjs, never on the main thread: onnxruntime-node's `session.run` is synchronous
 * (it only defers to setImmediate), as are model assembly, hashing and fp16 conversion, and the
 * full-resolution refinement loops — any of them on the main thread would stall the BFF for seconds.
 */
import { SegmentationError } from './errors.ts';
import { estimateForegroundColors, type ForegroundInput } from './foreground.ts';
import { guidedUpsample, type GuidedInput } from './guided-filter.ts';
import type { LoadedModel } from './session.ts';

export interface ModelInfo {
  id: string;
  source: string;
  inputSize: number;
  previewSize: number | null;
}

let loaded: LoadedModel | null = null;

/** Resolves BACKDROP_MODEL's value (passed in: workers get a copy of env), builds caches, opens the session. */
async function loadModel(setting: string | undefined): Promise<ModelInfo> {
  const { resolveModelSpec } = await import('./registry.ts');
  const { loadModel: open } = await import('./session.ts');
  const spec = await resolveModelSpec(setting);
  loaded = await open(spec);
  return {
    id: spec.id,
    source: spec.source,
    inputSize: spec.inputSize,
    previewSize: spec.previewSize ?? null,
  };
}

async function runModel(input: { rgb: Uint8Array; size: number }): Promise<Uint8Array> {
  if (!loaded) throw new SegmentationError('model-load', 'the model is not loaded');
  const { runModel: run } = await import('./session.ts');
  return run(loaded, input.rgb, input.size);
}

export const operations = {
  loadModel,
  runModel,
  guidedUpsample: async (input: GuidedInput) => guidedUpsample(input),
  estimateForegroundColors: async (input: ForegroundInput) => estimateForegroundColors(input),
};

export type Operations = typeof operations;
