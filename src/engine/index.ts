/**
 * The local engine's public API (Node only). Executes provider-neutral plans offline: decode, segment with
 * the salient-object model, composite, frame, encode. The caller (BFF or CLI) fetches any URLs in the plan
 * under its own guards and passes the bytes as `assets`; the engine never touches the network.
 */
import { throwIfCancelled, toEngineError } from './errors.ts';
import { decodeImage, DEFAULT_MAX_PIXELS } from './render/decode.ts';
import type { SubjectBox } from '../recipe/index.ts';
import { encodeMask } from './render/mask-io.ts';
import { combineAlpha } from './render/mask-ops.ts';
import { finishResultWith, type FinishResultInput, type FinishResultOutput } from './finish-result.ts';
import type { JobWarning } from '../recipe/index.ts';
import {
  checkSubjectSize,
  contentHash,
  runPlanWith,
  scaledBox,
  type RunPlanInput,
  type RunPlanResult,
  type Segmenter,
} from './run-plan.ts';
import { decodeWarnings, emptySubjectWarnings } from './warnings.ts';
import {
  estimateForeground,
  resetSegmenter,
  segment,
  segmenterInfo,
  warmUpSegmenter,
} from './segmentation/index.ts';
import { segmentInBox } from './segmentation/subject-box.ts';
import { parsePrecisionSetting, PRECISION_SETTING } from './segmentation/precision.ts';
import { sourceCache } from './source-cache.ts';

export { EngineError } from './errors.ts';
export type { EngineErrorCode } from './errors.ts';
export type { RunPlanInput, RunPlanResult } from './run-plan.ts';
export type { FinishAlphaSource, FinishResultInput, FinishResultOutput } from './finish-result.ts';
export { checkDecodes } from './render/decode.ts';
export { decodableFormats, decoderName, IMAGE_FORMATS } from './render/formats.ts';
export type { ImageFormat } from './render/formats.ts';
export { applyMaskToCutout, cutoutMask } from './touch-up.ts';
export { needsSubject } from './run-plan.ts';
export { checkCompliance, digitalSourceTypeOf, withDigitalSourceType } from './compliance/index.ts';
export type { MeasureOptions } from './compliance/index.ts';

/**
 * The segmentation module itself keeps the event loop free (its ONNX runs and pixel loops live in its own
 * worker); errors from it become EngineErrors ('cancelled' stays 'cancelled', the rest 'segmentation').
 */
const segmenter: Segmenter = {
  segment: (image, opts) =>
    (opts?.box ? segmentInBox(image, opts.box, opts) : segment(image, opts)).catch(rethrowAsEngineError),
  estimateForeground: (image, alpha) => estimateForeground(image, alpha).catch(rethrowAsEngineError),
  modelId: () => segmenterInfo().modelId,
};

function rethrowAsEngineError(error: unknown): never {
  throw toEngineError(error);
}

export function runPlan(input: RunPlanInput): Promise<RunPlanResult> {
  return runPlanWith(segmenter, input);
}

/**
 * Finishing (shadow, placement) of a result another executor made; see finish-result.ts for where the
 * subject's alpha comes from.
 */
export function finishResult(input: FinishResultInput): Promise<FinishResultOutput> {
  return finishResultWith(segmenter, input);
}

/**
 * The subject's alpha mask as a grey PNG at the photo's resolution (EXIF orientation applied): the model's,
 * or with `subjectBox` the model's inside the box (see segmentInBox), with the warnings a run would give
 * about the input (frames left out, decoder warnings, an empty mask). Reuses a mask a recent run computed.
 */
export async function computeMask(
  image: Buffer,
  opts: { signal?: AbortSignal; maxPixels?: number; subjectBox?: SubjectBox } = {},
): Promise<{ png: Buffer; alpha: Buffer; width: number; height: number; warnings: JobWarning[] }> {
  try {
    const decoded = await decodeImage(image, { maxPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS });
    checkSubjectSize(decoded);
    throwIfCancelled(opts.signal);
    const box = opts.subjectBox && scaledBox(opts.subjectBox, decoded);
    const mask = await segmenter.segment(
      { data: decoded.rgb, width: decoded.width, height: decoded.height, channels: 3 },
      {
        signal: opts.signal,
        cacheKey: await contentHash(image),
        ...(box ? { box } : {}),
      },
    );
    const alpha = combineAlpha(mask.alpha, decoded.inputAlpha);
    const png = await encodeMask(alpha, decoded.width, decoded.height);
    const warnings = [...decodeWarnings(decoded), ...emptySubjectWarnings(alpha)];
    return { png, alpha, width: decoded.width, height: decoded.height, warnings };
  } catch (error) {
    throw toEngineError(error);
  }
}

/** Loads the model once (and starts the refinement worker), so the first job does not pay for it. */
export async function warmUp(): Promise<void> {
  try {
    await warmUpSegmenter();
  } catch (error) {
    throw toEngineError(error);
  }
}

/**
 * What is wrong with the engine's settings in `env` (BACKDROP_MODEL_PRECISION), as a message naming the
 * setting and what to set, or null: for a server to refuse to start rather than fail every local job.
 */
export function engineSettingsProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    parsePrecisionSetting(env[PRECISION_SETTING]);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Facts the BFF's /api/executors or the CLI may show. */
export function engineInfo() {
  return { ...segmenterInfo(), maxPixels: DEFAULT_MAX_PIXELS };
}

/** For tests and benchmarks: forget decoded images and masks kept for fast re-renders (the model stays). */
export async function clearEngineCache(): Promise<void> {
  sourceCache.clear();
  resetSegmenter();
}
