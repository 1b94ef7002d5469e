import sharp from 'sharp';
import { SegmentationError, throwIfAborted, unlessAborted } from './errors.ts';
import { ByteLru, ENGINE_CACHE_IDLE, onIdleCollect } from './mask-cache.ts';
import { choosePrecision, PRECISION_SETTING, type Precision, type PrecisionChoice } from './precision.ts';
import { MODEL_SETTING } from './registry.ts';
import { WorkerChannel } from './worker-pool.ts';
import type { ModelInfo } from './worker-ops.ts';

export { SegmentationError } from './errors.ts';
export type { SegmentationErrorCode } from './errors.ts';

/** Decoded pixels: sRGB, EXIF orientation already applied. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface MaskResult {
  /** width·height bytes, 0..255, refined at full resolution. */
  alpha: Buffer;
  width: number;
  height: number;
  modelId: string;
}

export interface SegmentOptions {
  signal?: AbortSignal;
  /** Content key of the image (e.g. its hash); enables the in-memory mask cache. */
  cacheKey?: string;
  /** 'preview' runs the model at its preview size (512² for ISNet) and refines on a 512 px grid. */
  quality?: 'full' | 'preview';
}

/** Side of the grid the guided filter is fitted on: the model's 1024² output holds no finer detail. */
const FIT_SIDE = 1024;
const PREVIEW_FIT_SIDE = 512;
/**
 * Working size of the smooth colour fields in decontamination (see foreground.ts). 512 rather than 1024:
 * on 12 generated product photos at 1024 px the decontaminated colours differ from a 1024 working size by
 * 0.05–0.42 grey levels on average over soft pixels (weighted by alpha, max 9), while the fields' CPU time
 * drops from ~270 to ~57 ms — what lets a touch-up re-render a 1024 px result in its 150 ms budget.
 */
const FOREGROUND_SIDE = 512;
/** Masks cached across requests; 256 MB ≈ 20 masks of 12 MP; shrinks when idle (ENGINE_CACHE_IDLE). */
const CACHE_BYTES = Number(process.env.BACKDROP_MASK_CACHE_MB ?? 256) * 1024 * 1024;

/**
 * BACKDROP_FLIP_TTA=1: full-quality masks average the model's output on the photo and on its mirror
 * image (twice the model time). It raises IoU, MAE and boundary F on the quality benchmark; off by default
 * only for the first result's speed (README, "Model precision").
 */
const FLIP_SETTING = 'BACKDROP_FLIP_TTA';
const flipAverageEnabled = () =>
  ['1', 'true', 'on', 'yes'].includes((process.env[FLIP_SETTING] ?? '').toLowerCase());

const cache = new ByteLru<MaskResult>(CACHE_BYTES, (mask) => mask.alpha.length, ENGINE_CACHE_IDLE);
/**
 * One worker owns the ONNX session (onnxruntime-node's run is synchronous, so it must not run on the main
 * thread); a second runs the refinement loops (guided filter, decontamination: single-threaded JS). Kept
 * apart, one job's refinement overlaps the next job's model pass when jobs run two at a time (`npx backdrop
 * batch`, BACKDROP_LOCAL_CONCURRENCY=2): 892 → 818 ms per 1024 px batch item. It costs 40–70 MB of RSS.
 */
const worker = new WorkerChannel();
const refiner = new WorkerChannel();
// The refiner drops a staged copy of every photo it refines; collect it there too when the engine idles.
onIdleCollect(() => {
  for (const channel of [worker, refiner])
    if (channel.running) void channel.call('collectGarbage', null).catch(() => undefined);
});
let modelPromise: Promise<ModelInfo> | null = null;
let info: ModelInfo | null = null;
/** onnxruntime already uses both cores per run; running two at once only doubles each one's time. */
let modelQueue: Promise<unknown> = Promise.resolve();

function model(): Promise<ModelInfo> {
  modelPromise ??= worker
    .call('loadModel', { model: process.env[MODEL_SETTING], precision: process.env[PRECISION_SETTING] })
    .then((loaded) => {
      // A process warning, so that a rebuild is not invisible: the server logs it (main.ts), other
      // processes (the CLI, tests) get Node's line on stderr.
      for (const note of loaded.cacheNotes) process.emitWarning(note, 'BackdropModelCache');
      return (info = loaded);
    })
    .catch((error: unknown) => {
      modelPromise = null; // A fixed configuration or file should work on the next call.
      throw error;
    });
  return modelPromise;
}

function checkImage(image: RawImage): void {
  const { data, width, height, channels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new SegmentationError('bad-image', `image size ${width}×${height} is not a positive integer size`);
  }
  if (channels !== 3 && channels !== 4) {
    throw new SegmentationError(
      'bad-image',
      `image has ${channels} channels; segmentation needs 3 (RGB) or 4 (RGBA)`,
    );
  }
  if (data.length !== width * height * channels) {
    throw new SegmentationError(
      'bad-image',
      `image data has ${data.length} bytes, expected ${width}×${height}×${channels} = ${width * height * channels}`,
    );
  }
}

const rawInput = (image: RawImage) => ({
  raw: { width: image.width, height: image.height, channels: image.channels },
});

async function modelMask(
  image: RawImage,
  size: number,
  flipAverage: boolean,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  // Stretch to the square input as the model was trained (ISNet, imgly), not letterboxed.
  const rgb = await sharp(image.data, rawInput(image))
    .removeAlpha()
    .resize(size, size, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  throwIfAborted(signal);
  const run = modelQueue.then(() => {
    throwIfAborted(signal); // a job cancelled while queued never reaches the model
    return worker.call('runModel', { rgb, size, flipAverage }, signal);
  });
  modelQueue = run.catch(() => undefined);
  // A cancelled job stops waiting for the pass ahead of it at once; the chain itself stays intact.
  return unlessAborted(run, signal);
}

async function refine(
  image: RawImage,
  mask: Uint8Array,
  maskSize: number,
  fitSide: number,
  signal?: AbortSignal,
) {
  const scale = Math.min(1, fitSide / Math.max(image.width, image.height));
  const lowWidth = Math.max(1, Math.round(image.width * scale));
  const lowHeight = Math.max(1, Math.round(image.height * scale));
  const [guide, lowMask] = await Promise.all([
    sharp(image.data, rawInput(image))
      .removeAlpha()
      .resize(lowWidth, lowHeight, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer(),
    sharp(mask, { raw: { width: maskSize, height: maskSize, channels: 1 } })
      .resize(lowWidth, lowHeight, { fit: 'fill', kernel: 'cubic' })
      .extractChannel(0) // sharp would otherwise hand back one-channel input as sRGB
      .raw()
      .toBuffer(),
  ]);
  throwIfAborted(signal);
  // Radius ~ 1/128 of the fit grid: wide enough to straddle the model's soft edge, narrow enough to keep
  // thin parts. eps chosen on the quality benchmark (smaller = more edge-following, more texture copying).
  const radius = Math.max(2, Math.round(Math.max(lowWidth, lowHeight) / 128));
  const staged = await refiner.stage(image.data, signal);
  return refiner.call(
    'guidedUpsample',
    {
      guide,
      mask: lowMask,
      lowWidth,
      lowHeight,
      image: staged,
      channels: image.channels,
      width: image.width,
      height: image.height,
      radius,
      eps: 1e-3,
      // Quality bench, white box on white: MAE 0.0043 unbounded, 0.0034 band 4, 0.0026 band 2, 0.0020 band 1
      // (imgly 0.0016); boundary F on a busy backdrop 0.788 → 0.767, still above plain upsampling (0.761).
      band: 1,
    },
    signal,
  );
}

/** The foreground mask of a photo, at the photo's resolution, with edge-aware refinement. */
export async function segment(image: RawImage, opts: SegmentOptions = {}): Promise<MaskResult> {
  const { signal, cacheKey, quality = 'full' } = opts;
  checkImage(image);
  throwIfAborted(signal);
  const loaded = await unlessAborted(model(), signal); // the load goes on for the next caller
  const preview = quality === 'preview';
  const flip = !preview && flipAverageEnabled();
  const variant = `${loaded.id}|${loaded.precision}${flip ? '|flip' : ''}`;
  const key = cacheKey && `${cacheKey}|${variant}|${quality}|${image.width}x${image.height}`;
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;
  const size = preview ? (loaded.previewSize ?? loaded.inputSize) : loaded.inputSize;
  const mask = await modelMask(image, size, flip, signal);
  throwIfAborted(signal);
  const alpha = await refine(image, mask, size, preview ? PREVIEW_FIT_SIDE : FIT_SIDE, signal);
  const result: MaskResult = {
    alpha: Buffer.from(alpha.buffer, alpha.byteOffset, alpha.byteLength),
    width: image.width,
    height: image.height,
    modelId: loaded.id,
  };
  if (key) cache.set(key, result);
  return result;
}

/**
 * Foreground colours for compositing on a new background: soft-edge pixels get the old backdrop's colour
 * removed (decontamination). Same layout as image.data; opaque and fully transparent pixels are unchanged.
 */
export async function estimateForeground(image: RawImage, alpha: Buffer): Promise<Buffer> {
  checkImage(image);
  if (alpha.length !== image.width * image.height) {
    throw new SegmentationError(
      'bad-image',
      `alpha has ${alpha.length} bytes, expected ${image.width}×${image.height}`,
    );
  }
  const scale = Math.min(1, FOREGROUND_SIDE / Math.max(image.width, image.height));
  const workWidth = Math.max(1, Math.round(image.width * scale));
  const workHeight = Math.max(1, Math.round(image.height * scale));
  const [workImage, workAlpha] = await Promise.all([
    sharp(image.data, rawInput(image))
      .removeAlpha()
      .resize(workWidth, workHeight, { fit: 'fill' })
      .raw()
      .toBuffer(),
    sharp(alpha, { raw: { width: image.width, height: image.height, channels: 1 } })
      .resize(workWidth, workHeight, { fit: 'fill' })
      .extractChannel(0)
      .raw()
      .toBuffer(),
  ]);
  const stagedImage = await refiner.stage(image.data);
  const stagedAlpha = await refiner.stage(alpha);
  const colors = await refiner.call('estimateForegroundColors', {
    workImage,
    workAlpha,
    workWidth,
    workHeight,
    image: stagedImage,
    channels: image.channels,
    alpha: stagedAlpha,
    width: image.width,
    height: image.height,
  });
  return Buffer.from(colors.buffer, colors.byteOffset, colors.byteLength);
}

/** Starts the segmentation workers and loads the model (assembling and caching it on first use). */
export async function warmUpSegmenter(): Promise<void> {
  await Promise.all([model(), worker.warmUp(), refiner.warmUp()]);
}

export interface SegmenterInfo {
  modelId: string;
  inputSize: number;
  source: string;
  /** Precision of the model pass ('int8' or 'fp32') and why (see precision.ts). */
  precision: Precision;
  precisionReason: string;
}

/**
 * The configured model; before the first load, describes what BACKDROP_MODEL and
 * BACKDROP_MODEL_PRECISION will choose without loading anything.
 */
export function segmenterInfo(): SegmenterInfo {
  const current = info;
  if (current) {
    const { id, inputSize, source, precision, precisionReason } = current;
    return { modelId: id, inputSize, source, precision, precisionReason };
  }
  const setting = (process.env[MODEL_SETTING] ?? '').trim() || 'isnet-fp16';
  let choice: PrecisionChoice;
  try {
    choice = choosePrecision(process.env[PRECISION_SETTING], setting === 'isnet-fp16');
  } catch (error) {
    choice = { precision: 'fp32', reason: (error as Error).message };
  }
  return {
    modelId: setting,
    inputSize: 1024,
    source: 'not loaded yet',
    precision: choice.precision,
    precisionReason: choice.reason,
  };
}

/** For tests and benchmarks: forget cached masks (and optionally the loaded model, to re-read settings). */
export function resetSegmenter(opts: { model?: boolean } = {}): void {
  cache.clear();
  if (opts.model) {
    modelPromise = null;
    info = null;
    void worker.stop(); // the next segment() reads BACKDROP_MODEL again in a fresh worker
  }
}
