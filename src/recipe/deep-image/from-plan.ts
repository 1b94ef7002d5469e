/** Plan → Deep-Image request, with a loss report for what Deep-Image cannot express. */
import type { Json, JsonObject, Loss } from '../types.ts';
import type { PathOf, PlanFeature } from '../dialect.ts';
import type { Length, Plan, SubjectHint } from '../plan.ts';
import { fromLength, lengthEquals } from '../plan-utils.ts';

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
    const uniform = uniformPadding(plan);
    if (!uniform) {
      lose(
        'padding',
        'approximated',
        'Deep-Image takes one padding for all sides; the top padding is used everywhere.',
      );
    }
    request.padding = paddingValue(uniform ?? padding.top);
  }
  Object.assign(request, deepImageOutput(plan, lose));
  return { request, losses };
}

/** Zero padding is written as the number 0 whatever its unit: "0%" and 0 px mean the same, and one
 * spelling keeps a round trip through Claid's percentages stable. */
function paddingValue(length: Length): number | string {
  const zero = 'px' in length ? length.px === 0 : length.percent === 0;
  return zero ? 0 : fromLength(length);
}

/**
 * One length for all four sides, if the plan's padding is uniform: directly, or in pixels once percentages
 * are applied to a frame given in pixels (Claid's "12.5% 10%" on 800×1000 is 100 px everywhere).
 */
function uniformPadding(plan: Plan): Length | undefined {
  const { padding, width, height } = plan.frame;
  if (!padding) return undefined;
  const sides = [padding.top, padding.right, padding.bottom, padding.left];
  if (sides.every((side) => lengthEquals(side, padding.top))) return padding.top;
  if (!width || !height || !('px' in width) || !('px' in height)) return undefined;
  const toPx = (side: Length, reference: number) =>
    'px' in side ? side.px : (side.percent * reference) / 100;
  const pixels = [
    toPx(padding.top, height.px),
    toPx(padding.right, width.px),
    toPx(padding.bottom, height.px),
    toPx(padding.left, width.px),
  ].map((value) => Math.round(value));
  return pixels.every((value) => value === pixels[0]) ? { px: pixels[0]! } : undefined;
}

type Lose = (feature: PlanFeature, kind: Loss['kind'], message: string) => void;

function generateOf(bg: Extract<Plan['background'], { kind: 'generated' }>): JsonObject {
  const generate: JsonObject = {};
  if (bg.description !== undefined) generate.description = bg.description;
  generate.item_area_percentage = bg.itemAreaPercentage;
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
