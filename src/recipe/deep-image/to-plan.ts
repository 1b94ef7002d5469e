/** Deep-Image request → plan. Assumes a request without errors (toPlan in ../convert.ts validates first). */
import type { JsonObject } from '../types.ts';
import type { PlanFeature } from '../dialect.ts';
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
import { hexToRgb, toLength, upperHex } from '../plan-utils.ts';
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

/**
 * The object's share of a generated canvas when item_area_percentage is left out: the docs state no
 * default, their example uses 0.65. Resolved here so the engine and the editor never need to know it.
 */
const ITEM_AREA_DEFAULT = 0.65;

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
      itemAreaPercentage:
        typeof generate.item_area_percentage === 'number' ? generate.item_area_percentage : ITEM_AREA_DEFAULT,
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
