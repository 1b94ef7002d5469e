/** Deep-Image request ⇄ plan. toPlan assumes a request without errors (index.ts validates first). */
import type { Json, JsonObject, Loss } from '../types.ts';
import type { PathOf, PlanFeature } from '../dialect.ts';
import type {
  BackgroundPlan,
  FramePlan,
  OutputFormat,
  OutputPlan,
  Plan,
  PlanNote,
  Rgb,
  SubjectHint,
} from '../plan.ts';
import { formatHasAlpha } from '../plan.ts';
import { getAt, isObject } from '../json.ts';
import { fromLength, hexToRgb, lengthEquals, toLength, upperHex } from '../plan-utils.ts';
import { diRemovesBackground } from './rules.ts';
import { modernizeDeepImage } from './legacy.ts';

export const deepImagePathOf = (feature: PlanFeature): string =>
  ({
    subject: 'background.remove',
    objectToKeep: 'background.remove',
    prompt: 'background.prompt',
    background: 'background',
    blur: 'background',
    color: 'background.color',
    generate: 'background.generate',
    replace: 'background.replace',
    cropToSubject: 'fit.crop',
    size: 'width',
    minLength: 'min_length',
    fit: 'fit',
    padding: 'padding',
    format: 'output_format',
    quality: 'quality',
    maxFileSize: 'max_file_size',
  })[feature];

const KNOWN_GENERATE = ['description', 'item_area_percentage', 'sample_num', 'color', 'background_url'];

export function deepImageToPlan(original: JsonObject): Plan {
  const notes: PlanNote[] = [];
  const request =
    original.background === undefined ? (modernizeDeepImage(original)?.modern ?? original) : original;
  const remove = getAt(request, 'background.remove');
  const color = getAt(request, 'background.color');
  const generate = getAt(request, 'background.generate');
  const replace = getAt(request, 'background.replace');
  const removes = diRemovesBackground(request);
  const wantsAlpha =
    removes &&
    generate === undefined &&
    replace === undefined &&
    (color === undefined || color === 'transparent');

  let format: OutputFormat;
  if (request.output_format === undefined) {
    format = wantsAlpha ? 'png' : 'jpeg';
    if (removes) {
      notes.push({
        path: 'output_format',
        message: `No output_format: the docs do not state a default; Backdrop assumes ${format.toUpperCase()}.`,
      });
    }
  } else format = request.output_format === 'jpg' ? 'jpeg' : (request.output_format as OutputFormat);

  let background: BackgroundPlan = { kind: 'original' };
  if (isObject(generate)) {
    const extras: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(generate))
      if (!KNOWN_GENERATE.includes(key)) extras[key] = value;
    const tint = generate.color;
    background = {
      kind: 'generated',
      ...(typeof generate.description === 'string' && { description: generate.description }),
      ...(typeof generate.item_area_percentage === 'number' && {
        itemAreaPercentage: generate.item_area_percentage,
      }),
      ...(typeof generate.sample_num === 'number' && { seed: generate.sample_num }),
      ...(Array.isArray(tint) && { tint: tint as unknown as Rgb }),
      ...(typeof tint === 'string' && { tint: hexToRgb(tint) }),
      ...(typeof generate.background_url === 'string' && { backgroundUrl: generate.background_url }),
      extras,
    };
  } else if (typeof replace === 'string') {
    background = { kind: 'image', url: replace };
  } else if (removes) {
    if (color === 'auto') background = { kind: 'auto-color' };
    else if (typeof color === 'string' && color !== 'transparent')
      background = { kind: 'color', hex: upperHex(color) };
    else if (formatHasAlpha(format)) background = { kind: 'transparent' };
    else {
      notes.push({
        path: color === undefined ? 'background.remove' : 'background.color',
        message: `${format.toUpperCase()} has no transparency, so the removed background becomes white.`,
      });
      background = { kind: 'color', hex: '#FFFFFF' };
    }
  }

  const output: OutputPlan = { format };
  if (typeof request.quality === 'number') output.quality = request.quality;
  if (typeof request.max_file_size === 'number') output.maxFileSize = request.max_file_size;
  return {
    subject: removes
      ? {
          hint: (remove as SubjectHint | undefined) ?? 'auto',
          ...(typeof getAt(request, 'background.prompt') === 'string' && {
            prompt: getAt(request, 'background.prompt') as string,
          }),
        }
      : null,
    background,
    frame: deepImageFrame(request),
    output,
    notes,
  };
}

function deepImageFrame(request: JsonObject): FramePlan {
  const fit = request.fit;
  const crop = isObject(fit) ? fit.crop : undefined;
  const frame: FramePlan = {
    cropToSubject: crop === 'item',
    fit:
      crop === 'content' || crop === 'center'
        ? 'crop'
        : crop === 'item'
          ? 'canvas'
          : ((fit as FramePlan['fit']) ?? 'canvas'),
    cropGravity: crop === 'content' ? 'content' : 'center',
    unsizedTarget: 'subject',
  };
  const width = toLength(request.width);
  const height = toLength(request.height);
  if (width) frame.width = width;
  if (height) frame.height = height;
  if (typeof request.min_length === 'number') frame.minLength = request.min_length;
  const padding = toLength(request.padding);
  if (padding) frame.padding = { top: padding, right: padding, bottom: padding, left: padding };
  return frame;
}

const DI_REMOVE: Record<SubjectHint, string> = {
  auto: 'auto',
  v2: 'v2',
  human: 'human',
  item: 'item',
  generative: 'generative',
  general: 'auto',
  products: 'item',
  cars: 'item',
};

export function deepImageFromPlan(plan: Plan, pathOf: PathOf): { request: JsonObject; losses: Loss[] } {
  const losses: Loss[] = [];
  const lose = (feature: PlanFeature, kind: Loss['kind'], message: string) =>
    losses.push({ path: pathOf(feature), kind, message });
  const request: JsonObject = {};
  const { frame, background: bg } = plan;

  if (frame.width) request.width = fromLength(frame.width);
  if (frame.height) request.height = fromLength(frame.height);
  if (frame.minLength !== undefined) request.min_length = frame.minLength;
  const fit = deepImageFit(plan, lose);
  if (fit !== undefined) request.fit = fit;

  const background: JsonObject = {};
  if (plan.subject && bg.kind !== 'blur' && bg.kind !== 'original') {
    const subject = plan.subject;
    const remove = DI_REMOVE[subject.hint];
    if (subject.objectToKeep !== undefined) {
      lose(
        'objectToKeep',
        'approximated',
        `Deep-Image cannot keep a named object ("${subject.objectToKeep}"); "item" removal is the closest.`,
      );
      background.remove = 'item';
    } else {
      if (remove !== subject.hint) {
        lose(
          'subject',
          'approximated',
          `Deep-Image has no "${subject.hint}" category; "${remove}" is the closest removal type.`,
        );
      }
      background.remove = remove;
    }
    if (subject.prompt !== undefined) background.prompt = subject.prompt;
  }
  if (bg.kind === 'blur') {
    lose('blur', 'dropped', 'Deep-Image’s background options have no blur; the original background is kept.');
  } else if (bg.kind === 'transparent') background.color = 'transparent';
  else if (bg.kind === 'color') background.color = bg.hex;
  else if (bg.kind === 'auto-color') background.color = 'auto';
  else if (bg.kind === 'image') background.replace = bg.url;
  else if (bg.kind === 'generated') background.generate = generateOf(bg);
  if (Object.keys(background).length > 0) request.background = background;

  const padding = frame.padding;
  if (padding) {
    const sides = [padding.top, padding.right, padding.bottom, padding.left];
    if (!sides.every((side) => lengthEquals(side, padding.top))) {
      lose(
        'padding',
        'approximated',
        'Deep-Image takes one padding for all sides; the top padding is used everywhere.',
      );
    }
    request.padding = fromLength(padding.top);
  }
  Object.assign(request, deepImageOutput(plan, lose));
  return { request, losses };
}

type Lose = (feature: PlanFeature, kind: Loss['kind'], message: string) => void;

function generateOf(bg: Extract<Plan['background'], { kind: 'generated' }>): JsonObject {
  const generate: JsonObject = {};
  if (bg.description !== undefined) generate.description = bg.description;
  if (bg.itemAreaPercentage !== undefined) generate.item_area_percentage = bg.itemAreaPercentage;
  if (bg.seed !== undefined) generate.sample_num = bg.seed;
  if (bg.tint) generate.color = [...bg.tint];
  if (bg.backgroundUrl !== undefined) generate.background_url = bg.backgroundUrl;
  for (const [key, value] of Object.entries(bg.extras)) generate[key] = value as Json;
  return generate;
}

function deepImageFit(plan: Plan, lose: Lose): Json | undefined {
  const { frame } = plan;
  const sized = frame.width !== undefined || frame.height !== undefined;
  if (frame.cropToSubject) {
    if (!sized && frame.unsizedTarget === 'input') {
      lose(
        'cropToSubject',
        'approximated',
        'Claid scales a clipped object back to the input size; Deep-Image keeps the clipped size.',
      );
    }
    if (frame.fit !== 'canvas' && sized) {
      lose(
        'fit',
        'approximated',
        `Deep-Image centres a cropped item on a canvas; "${frame.fit}" is not available with it.`,
      );
    }
    return { crop: 'item' };
  }
  if (!sized) return undefined; // without a frame size the fit has nothing to act on
  if (frame.fit === 'crop') {
    if (frame.cropGravity === 'smart')
      lose('fit', 'approximated', 'Deep-Image has no smart crop; {"crop": "content"} is the closest.');
    return frame.cropGravity === 'center' ? 'crop' : { crop: 'content' };
  }
  if (frame.fit === 'outpaint') {
    lose(
      'fit',
      'approximated',
      'Deep-Image has no outpainting fit; "canvas" extends with the background instead.',
    );
    return 'canvas';
  }
  return frame.fit;
}

function deepImageOutput(plan: Plan, lose: Lose): JsonObject {
  const { format, quality, maxFileSize } = plan.output;
  const output: JsonObject = {};
  if (format === 'avif' || format === 'tiff') {
    const replacement = format === 'avif' ? 'webp' : 'png';
    lose(
      'format',
      'approximated',
      `Deep-Image cannot write ${format.toUpperCase()}; ${replacement.toUpperCase()} is used.`,
    );
    output.output_format = replacement;
  } else output.output_format = format;
  if (quality !== undefined) output.quality = quality;
  if (maxFileSize !== undefined) output.max_file_size = maxFileSize;
  return output;
}
