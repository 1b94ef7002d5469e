/** Plan → Claid request, with a loss report for what Claid cannot express. */
import type { JsonObject, Loss } from '../types.ts';
import type { PathOf, PlanFeature } from '../dialect.ts';
import type { Plan, SubjectHint } from '../plan.ts';
import { formatHasAlpha } from '../plan.ts';
import { collapseSides, fromLength, rgbToHex, trimNumber } from '../plan-utils.ts';

const CLAID_CATEGORY: Record<SubjectHint, 'general' | 'products' | 'cars'> = {
  general: 'general',
  products: 'products',
  cars: 'cars',
  auto: 'general', // both mean "works for anything"; keeps general ⇄ auto a fixed pair
  v2: 'products',
  item: 'products',
  generative: 'products',
  human: 'general',
};

export function claidFromPlan(plan: Plan, pathOf: PathOf): { request: JsonObject; losses: Loss[] } {
  const losses: Loss[] = [];
  const lose = (feature: PlanFeature, kind: Loss['kind'], message: string) =>
    losses.push({ path: pathOf(feature), kind, message });
  const background: JsonObject = {};
  const bg = plan.background;
  const segmentation = (): JsonObject => {
    const subject = plan.subject ?? { hint: 'products' };
    if (subject.objectToKeep !== undefined) return { selective: { object_to_keep: subject.objectToKeep } };
    const category = CLAID_CATEGORY[subject.hint];
    if (category !== subject.hint) {
      lose(
        'subject',
        'approximated',
        `Claid has no "${subject.hint}" removal; the closest is category "${category}".`,
      );
    }
    if (subject.prompt !== undefined)
      lose('prompt', 'dropped', 'Claid’s background removal takes no text prompt.');
    return { category };
  };

  if (bg.kind === 'blur') {
    background.blur = { ...segmentation(), type: bg.type, level: bg.level };
  } else if (bg.kind !== 'original') {
    const remove = segmentation();
    if (plan.frame.cropToSubject) remove.clipping = true;
    background.remove = remove;
    if (bg.kind === 'transparent') background.color = 'transparent';
    else if (bg.kind === 'color') background.color = bg.hex;
    else if (bg.kind === 'auto-color') {
      background.color = '#FFFFFF';
      lose('color', 'approximated', 'Claid has no automatic background colour; white is used.');
    } else if (bg.kind === 'image') {
      background.color = formatHasAlpha(plan.output.format) ? 'transparent' : '#FFFFFF';
      lose(
        'replace',
        'dropped',
        'Claid’s background options have no image replacement; the background is removed instead.',
      );
    } else {
      background.color = bg.tint ? rgbToHex(bg.tint) : '#FFFFFF';
      lose(
        'generate',
        'dropped',
        `Claid’s background options have no background generation; the background is removed and filled with ${bg.tint ? 'the generation tint' : 'white'} instead.`,
      );
    }
  } else if (plan.frame.cropToSubject) {
    lose('cropToSubject', 'dropped', 'Claid only clips to the object together with background removal.');
  }

  const operations: JsonObject = {};
  const resizing = claidResizing(plan, lose);
  if (Object.keys(resizing).length > 0) operations.resizing = resizing;
  if (Object.keys(background).length > 0) operations.background = background;
  const padding = claidPadding(plan, lose);
  if (padding) operations.padding = padding;

  const format = plan.output.format;
  if (plan.output.maxFileSize !== undefined)
    lose('maxFileSize', 'dropped', 'Claid has no maximum file size option.');
  const output: JsonObject = {
    format: plan.output.quality !== undefined ? { type: format, quality: plan.output.quality } : format,
  };
  return { request: { operations, output }, losses };
}

type Lose = (feature: PlanFeature, kind: Loss['kind'], message: string) => void;

function claidResizing(plan: Plan, lose: Lose): JsonObject {
  const { frame } = plan;
  const resizing: JsonObject = {};
  if (frame.width) resizing.width = fromLength(frame.width);
  if (frame.height) resizing.height = fromLength(frame.height);
  if (frame.minLength !== undefined) {
    lose('minLength', 'dropped', 'Claid has no minimum side length; set a width or height instead.');
  }
  const sized = frame.width !== undefined || frame.height !== undefined;
  let fit: JsonObject[string] | undefined = frame.fit;
  if (frame.fit === 'crop') {
    if (frame.cropGravity === 'content') {
      lose('fit', 'approximated', 'Claid has no content-aware crop anchor; "smart" is the closest.');
    }
    fit = frame.cropGravity === 'center' ? 'crop' : { type: 'crop', crop: 'smart' };
  }
  if (frame.cropToSubject && !sized) {
    // Without a size Claid scales a clip back to the input unless fit is bounds (see the plan comments).
    if (frame.unsizedTarget === 'subject') fit = 'bounds';
    else if (frame.fit !== 'crop') fit = 'crop';
  }
  // Without a box the fit means nothing, except for a clip (handled above).
  if (sized || (frame.cropToSubject && fit !== 'crop')) resizing.fit = fit;
  return resizing;
}

function claidPadding(plan: Plan, lose: Lose): string | undefined {
  const padding = plan.frame.padding;
  if (!padding) return undefined;
  const sides = { top: padding.top, right: padding.right, bottom: padding.bottom, left: padding.left };
  const asPercent = (side: keyof typeof sides): string => {
    const length = sides[side];
    if ('percent' in length) return `${trimNumber(length.percent)}%`;
    // Pixels need the output size to become a percentage; use it when the plan fixes it.
    const reference = side === 'top' || side === 'bottom' ? plan.frame.height : plan.frame.width;
    if (reference && 'px' in reference && reference.px > 0) {
      return `${trimNumber(Math.min(50, (100 * length.px) / reference.px))}%`;
    }
    return '';
  };
  const converted = {
    top: asPercent('top'),
    right: asPercent('right'),
    bottom: asPercent('bottom'),
    left: asPercent('left'),
  };
  if (Object.values(converted).some((value) => value === '')) {
    lose(
      'padding',
      'dropped',
      'Claid padding is in percent and the output size is not fixed, so pixel padding cannot be converted.',
    );
    return undefined;
  }
  if (Object.values(sides).some((length) => 'px' in length)) {
    lose(
      'padding',
      'approximated',
      'Claid padding is in percent; pixels were converted using the output size.',
    );
  }
  return collapseSides(converted);
}
