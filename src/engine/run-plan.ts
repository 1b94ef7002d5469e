import sharp from 'sharp';
import {
  boxOutsidePhoto,
  formatSubjectBox,
  localApproximationWarnings,
  type Finish,
  type JobWarning,
  type PlanWarning,
  type OutputFormat,
  type Plan,
  type SubjectBox,
} from '../recipe/index.ts';
import { EngineError, throwIfCancelled, toEngineError } from './errors.ts';
import { composeLayer } from './render/compose.ts';
import { checkDecodes, decodeImage, DEFAULT_MAX_PIXELS, type DecodedImage } from './render/decode.ts';
import { encodeCanvas } from './render/encode.ts';
import { clearFaintMatte, onFlatColour } from './render/faint-matte.ts';
import { finishWarnings } from './render/finishing.ts';
import { frameLayer, type Framed } from './render/frame.ts';
import { decodeMask } from './render/mask-io.ts';
import { combineAlpha, type Rect } from './render/mask-ops.ts';
import { frameMask, type FramedMask } from './render/frame-mask.ts';
import { afterEngineWork, collectGarbage } from './segmentation/mask-cache.ts';
import { sourceCache, type PreparedSource } from './source-cache.ts';
import { decodeWarnings, emptySubjectWarnings } from './warnings.ts';

/** The segmentation module's contract (src/engine/segmentation), injectable so tests can use exact masks. */
export interface Segmenter {
  segment(
    image: { data: Buffer; width: number; height: number; channels: 3 | 4 },
    opts?: { signal?: AbortSignal; cacheKey?: string; quality?: 'full' | 'preview'; box?: Rect },
  ): Promise<{ alpha: Buffer; width: number; height: number; modelId: string }>;
  estimateForeground(
    image: { data: Buffer; width: number; height: number; channels: 3 | 4 },
    alpha: Buffer,
  ): Promise<Buffer>;
  /** Identifies the configured model, so cached masks of another model are not reused. */
  modelId(): string;
}

export interface RunPlanInput {
  image: Buffer;
  plan: Plan;
  assets?: { backgroundImage?: Buffer; generateBackground?: Buffer };
  signal?: AbortSignal;
  onProgress?: (stage: string, progress: number) => void;
  /** Quick preview: longest side of the result. */
  maxSide?: number;
  /** Pixel limit for the input, the assets and the output (default 50 MP). */
  maxPixels?: number;
  /** Finishing (shadow, placement), validated (recipe parseFinish); drawn in the framing stage. */
  finish?: Finish;
  /**
   * The subject's mask to use instead of segmenting (a touched-up or uploaded mask): image bytes the engine
   * decodes (its alpha when it has transparency, else its grey level), exactly the photo's size.
   */
  mask?: Buffer;
  /** Segment again inside this box (photo pixels, orientation applied); outside it is background. */
  subjectBox?: SubjectBox;
  /**
   * Keep the decoded photo and its mask for fast re-renders (default true). A batch item is rendered
   * once: false keeps a long batch from filling the caches (~5 MB a 1024 px photo) for nothing.
   */
  cache?: boolean;
  /** Also return the subject's mask framed like the result (full results only; for the compliance check). */
  withSubjectMask?: boolean;
}

export interface RunPlanResult {
  data: Buffer;
  format: OutputFormat;
  mime: string;
  width: number;
  height: number;
  /** Plan facts by `feature` (map them with requestWarnings), Backdrop's own fields by `path`. */
  warnings: PlanWarning[];
  timings: Record<string, number>;
  /** The subject's mask at the result's size (one byte per pixel), when asked for and there is one. */
  subjectMask?: FramedMask;
}

/**
 * Shorter side below which the subject model finds nothing: on the quality suite's photos shrunk to
 * 16 px and less every mask came back empty, at 24 px half of them, at 32 px one in six (the first six
 * photos of bench/quality.bench.ts's suite, shrunk). Below this, a plan that needs the subject is refused rather than cut to nothing.
 */
const MIN_SUBJECT_SIDE = 32;

/** Throws EngineError 'too-small' when the photo is below MIN_SUBJECT_SIDE on its shorter side. */
export function checkSubjectSize(decoded: Pick<DecodedImage, 'originalWidth' | 'originalHeight'>): void {
  const { originalWidth: width, originalHeight: height } = decoded;
  if (Math.min(width, height) >= MIN_SUBJECT_SIDE) return;
  throw new EngineError(
    'too-small',
    `The image is ${width}×${height} px: too small for the subject model, which needs at least ` +
      `${MIN_SUBJECT_SIDE} px on the shorter side to find a subject. Use a larger photo.`,
  );
}

/** Overall progress when each stage starts; segmentation dominates a first run. */
const STAGE_PROGRESS: Record<string, number> = {
  decoding: 0.02,
  segmenting: 0.1,
  refining: 0.6,
  compositing: 0.75,
  blurring: 0.75,
  framing: 0.85,
  encoding: 0.92,
};

/** The plan needs the subject's mask: for anything but the untouched original, or to crop to it. */
export function needsSubject(plan: Plan): boolean {
  return plan.subject !== null || plan.background.kind !== 'original' || plan.frame.cropToSubject;
}

class StageClock {
  readonly timings: Record<string, number> = {};
  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: RunPlanInput['onProgress'],
  ) {}

  /** Moves `ms` of a stage's time to a stage of its own (work done inside it, shown apart). */
  split(from: string, to: string, ms: number): void {
    if (ms <= 0 || this.timings[from] === undefined) return;
    const moved = Math.round(ms * 10) / 10;
    this.timings[from] = Math.round((this.timings[from]! - moved) * 10) / 10;
    this.timings[to] = moved;
  }

  async run<T>(stage: string, work: () => Promise<T>): Promise<T> {
    throwIfCancelled(this.signal);
    this.onProgress?.(stage, STAGE_PROGRESS[stage] ?? 0);
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.timings[stage] = Math.round((performance.now() - started) * 10) / 10 + (this.timings[stage] ?? 0);
    }
  }
}

/** SHA-256 of the input bytes via WebCrypto, which hashes off the event loop (a 30 MB PNG takes a while). */
export async function contentHash(image: Buffer): Promise<string> {
  const bytes = new Uint8Array(image.buffer as ArrayBuffer, image.byteOffset, image.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Buffer.from(digest).toString('hex').slice(0, 32);
}

/** Which mask a prepared source holds: the model's, the model's inside a box, or one given by the caller. */
async function maskVariant(input: RunPlanInput, segmenter: Segmenter): Promise<string> {
  if (input.mask) return `mask:${await contentHash(input.mask)}`;
  const model = segmenter.modelId();
  return input.subjectBox ? `${model}|box:${formatSubjectBox(input.subjectBox)}` : model;
}

/** The box in the decoded image's pixels (a preview is decoded smaller), refused when off the photo. */
export function scaledBox(box: SubjectBox, decoded: PreparedSource['decoded']): Rect {
  const outside = boxOutsidePhoto(box, decoded.originalWidth, decoded.originalHeight);
  if (outside) throw new EngineError('bad-box', `The subject box ${formatSubjectBox(box)} ${outside}.`);
  const k = decoded.scale;
  const left = Math.min(decoded.width - 1, Math.floor(box.x * k));
  const top = Math.min(decoded.height - 1, Math.floor(box.y * k));
  return {
    left,
    top,
    width: Math.max(1, Math.min(decoded.width - left, Math.round(box.width * k))),
    height: Math.max(1, Math.min(decoded.height - top, Math.round(box.height * k))),
  };
}

/** A caller's mask at the decoded size: checked against the photo's own size, then scaled for previews. */
async function suppliedMask(mask: Buffer, decoded: PreparedSource['decoded']): Promise<Buffer> {
  const full = await decodeMask(mask, { width: decoded.originalWidth, height: decoded.originalHeight });
  if (decoded.scale === 1) return full;
  return sharp(full, { raw: { width: decoded.originalWidth, height: decoded.originalHeight, channels: 1 } })
    .resize(decoded.width, decoded.height, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
}

async function segmentSource(
  input: RunPlanInput,
  segmenter: Segmenter,
  clock: StageClock,
  decoded: PreparedSource['decoded'],
  hash: string | undefined,
): Promise<{ alpha: Buffer; modelId?: string }> {
  if (input.mask) {
    const mask = input.mask;
    return { alpha: await clock.run('mask', () => suppliedMask(mask, decoded)) };
  }
  checkSubjectSize(decoded);
  const raw = { data: decoded.rgb, width: decoded.width, height: decoded.height, channels: 3 as const };
  const box = input.subjectBox ? scaledBox(input.subjectBox, decoded) : undefined;
  const mask = await clock.run('segmenting', () =>
    segmenter.segment(raw, {
      signal: input.signal,
      ...(hash ? { cacheKey: hash } : {}),
      quality: input.maxSide ? 'preview' : 'full',
      ...(box ? { box } : {}),
    }),
  );
  if (
    mask.width !== decoded.width ||
    mask.height !== decoded.height ||
    mask.alpha.length !== decoded.width * decoded.height
  ) {
    throw new EngineError(
      'segmentation',
      `The mask is ${mask.width}×${mask.height}, the image ${decoded.width}×${decoded.height}.`,
    );
  }
  return { alpha: mask.alpha, modelId: mask.modelId };
}

async function prepareSource(
  input: RunPlanInput,
  segmenter: Segmenter,
  clock: StageClock,
  withMask: boolean,
): Promise<PreparedSource> {
  const maxPixels = input.maxPixels ?? DEFAULT_MAX_PIXELS;
  // Without caching (batch items) nothing is looked up or kept, so the photo need not be hashed either.
  const hash = input.cache === false ? undefined : await contentHash(input.image);
  const base = hash && `${hash}|${input.maxSide ?? 'full'}|${maxPixels}`;
  const modelKey = base && `${base}|${segmenter.modelId()}`;
  const key = base && `${base}|${await maskVariant(input, segmenter)}`;
  let prepared = key ? sourceCache.get(key) : undefined;
  if (!prepared) {
    // Another mask of the same photo (a touch-up, a box) reuses its decoded pixels.
    const decoded =
      (modelKey ? sourceCache.get(modelKey)?.decoded : undefined) ??
      (await clock.run('decoding', () => decodeImage(input.image, { maxPixels, maxSide: input.maxSide })));
    prepared = { decoded, alpha: null, foreground: null };
    if (key) sourceCache.set(key, prepared);
  }
  if (!withMask || prepared.alpha) return prepared;

  const { decoded } = prepared;
  const raw = { data: decoded.rgb, width: decoded.width, height: decoded.height, channels: 3 as const };
  const mask = await segmentSource(input, segmenter, clock, decoded, hash);
  const prepared2 = await clock.run('refining', async () => {
    const alpha = combineAlpha(mask.alpha, decoded.inputAlpha);
    const foreground = await segmenter.estimateForeground(raw, alpha);
    return { decoded, alpha, foreground, ...(mask.modelId ? { modelId: mask.modelId } : {}) };
  });
  if (key) sourceCache.set(key, prepared2);
  return prepared2;
}

/**
 * The images a plan draws from (a replacement backdrop, generate's background_url) go through the same
 * rule as the photo: a format this machine decodes, no damaged pixel data, decoder warnings passed on.
 */
async function checkAssets(
  plan: Plan,
  assets: NonNullable<RunPlanInput['assets']>,
  maxPixels: number,
): Promise<JobWarning[]> {
  const used: [Buffer | undefined, string][] = [
    [plan.background.kind === 'image' ? assets.backgroundImage : undefined, 'background image'],
    [plan.background.kind === 'generated' ? assets.generateBackground : undefined, 'background_url image'],
  ];
  const warnings: JobWarning[] = [];
  for (const [bytes, label] of used) {
    if (!bytes) continue;
    const checked = await checkDecodes(bytes, { label, maxPixels });
    warnings.push(...decodeWarnings(checked, label));
  }
  return warnings;
}

/** Shrinks a finished canvas that a preview must keep within `maxSide` (plans may ask for larger outputs). */
async function clampToSide(framed: Framed, maxSide: number | undefined): Promise<Framed> {
  if (!maxSide || Math.max(framed.width, framed.height) <= maxSide) return framed;
  const { data, info } = await sharp(framed.data, {
    raw: { width: framed.width, height: framed.height, channels: framed.channels },
  })
    .resize(maxSide, maxSide, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { ...framed, data, width: info.width, height: info.height };
}

function dedupe(warnings: PlanWarning[]): PlanWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.feature ?? w.path ?? ''}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Above this many pixels the dropped full-size buffers are collected before the final encode. libjpeg's
 * Huffman optimisation (sharp's default, 30–60% smaller files on product photos) keeps every DCT
 * coefficient of the canvas until the second pass: +~630 MB for a 49 MP JPEG (`bench:large-job`), on top
 * of whatever the render left for V8 to free on its next collection.
 */
const COLLECT_BEFORE_ENCODE_PIXELS = 16_000_000;

/** What the encode needs from a render: the canvas, the matte for the subject mask, the warnings so far. */
interface Rendered {
  framed: Framed;
  /** The subject's alpha matte at the decoded size (for frameMask), or null without a subject. */
  alpha: Buffer | null;
  width: number;
  height: number;
  warnings: PlanWarning[];
}

/**
 * Decode → segment → refine → composite → frame. Its own function so that when it returns, the decoded
 * photo, the decontaminated foreground and the composed layer are unreachable (unless the source cache
 * keeps them) and can be freed before encoding.
 */
async function renderCanvas(segmenter: Segmenter, input: RunPlanInput, clock: StageClock): Promise<Rendered> {
  const { plan } = input;
  const assets = input.assets ?? {};
  const withMask = needsSubject(plan);
  const assetWarnings = await checkAssets(plan, assets, input.maxPixels ?? DEFAULT_MAX_PIXELS);
  const source = await prepareSource(input, segmenter, clock, withMask);
  const { decoded } = source;
  // On a flat colour the backdrop must be exactly that colour away from the subject (faint-matte.ts).
  const alpha =
    source.alpha && onFlatColour(plan.background)
      ? await clearFaintMatte(source.alpha, decoded.width, decoded.height)
      : source.alpha;
  const renderSource = {
    rgb: decoded.rgb,
    width: decoded.width,
    height: decoded.height,
    inputAlpha: decoded.inputAlpha,
    alpha,
    foreground: source.foreground,
    pxScale: decoded.scale,
  };
  // Named for what the user asked: for a blur this stage is the blur itself.
  const composeStage = plan.background.kind === 'blur' ? 'blurring' : 'compositing';
  const composed = await clock.run(composeStage, () => composeLayer(renderSource, plan, assets));
  const framed = await clock.run('framing', async () =>
    clampToSide(
      await frameLayer(composed, plan, alpha, assets, {
        pxScale: decoded.scale,
        maxPixels: input.maxPixels,
        finish: {
          finish: input.finish,
          rgb: decoded.rgb,
          alpha,
          width: decoded.width,
          height: decoded.height,
        },
      }),
      input.maxSide,
    ),
  );
  clock.split('framing', 'finishing', framed.finishingMs);
  const warnings = [
    ...decodeWarnings(decoded),
    ...assetWarnings,
    ...plan.notes.map((note) => ({ path: note.path, message: note.message })),
    // Worded from the recipe's table, the same rows the editor marks at the controls before a run. A
    // supplied mask is the user's, not the model's: the model's approximations do not apply to it.
    ...localApproximationWarnings(
      input.mask ? { ...plan, subject: null } : plan,
      source.modelId ?? segmenter.modelId(),
    ),
    ...(alpha ? emptySubjectWarnings(alpha) : []),
    ...composed.warnings,
    ...finishWarnings(input.finish, plan),
    ...framed.warnings,
  ];
  return { framed, alpha, width: decoded.width, height: decoded.height, warnings };
}

/** Executes a plan on one image: decode → segment → refine → composite → frame → encode. */
export async function runPlanWith(segmenter: Segmenter, input: RunPlanInput): Promise<RunPlanResult> {
  const clock = new StageClock(input.signal, input.onProgress);
  try {
    const { plan } = input;
    const { framed, alpha, width, height, warnings } = await renderCanvas(segmenter, input, clock);
    if (width * height > COLLECT_BEFORE_ENCODE_PIXELS) collectGarbage();
    const encoded = await clock.run('encoding', () =>
      encodeCanvas(framed, plan.output, { fast: input.maxSide !== undefined }),
    );
    const subjectMask =
      input.withSubjectMask && alpha && !input.maxSide
        ? await frameMask(alpha, width, height, framed.layout)
        : undefined;
    throwIfCancelled(input.signal);
    input.onProgress?.('done', 1);
    return {
      data: encoded.data,
      format: encoded.format,
      mime: encoded.mime,
      width: encoded.width,
      height: encoded.height,
      warnings: dedupe([...warnings, ...encoded.warnings]),
      timings: clock.timings,
      ...(subjectMask ? { subjectMask } : {}),
    };
  } catch (error) {
    throw toEngineError(error);
  } finally {
    afterEngineWork();
  }
}
