/** Claid request → plan. Assumes a request without errors (toPlan in ../convert.ts validates first). */
import type { JsonObject } from '../types.ts';
import type { PlanFeature } from '../dialect.ts';
import type {
  BackgroundPlan,
  FramePlan,
  OutputFormat,
  Plan,
  PlanNote,
  SubjectHint,
  SubjectPlan,
} from '../plan.ts';
import { formatHasAlpha } from '../plan.ts';
import { getAt, isObject } from '../json.ts';
import { expandSides, toLength, upperHex } from '../plan-utils.ts';
import { claidRemoveIsOn } from './rules.ts';

const BG = 'operations.background';

export const claidPathOf = (feature: PlanFeature): string =>
  ({
    subject: `${BG}.remove`,
    objectToKeep: `${BG}.remove.selective.object_to_keep`,
    prompt: `${BG}.remove`,
    background: `${BG}`,
    blur: `${BG}.blur`,
    color: `${BG}.color`,
    generate: `${BG}`,
    replace: `${BG}`,
    cropToSubject: `${BG}.remove.clipping`,
    size: 'operations.resizing',
    minLength: 'operations.resizing',
    fit: 'operations.resizing.fit',
    padding: 'operations.padding',
    format: 'output.format',
    quality: 'output.format.quality',
    maxFileSize: 'output',
  })[feature];

function subjectOf(
  op: JsonObject | true,
  notes: PlanNote[],
  path: string,
  fallback: SubjectHint,
): SubjectPlan {
  if (op === true || (op.category === undefined && op.selective === undefined)) {
    if (fallback === 'products') {
      notes.push({
        path,
        message:
          'No category given: Claid’s background page names "products" as the default (older pages say "general"); Backdrop assumes "products".',
      });
    }
    return { hint: fallback };
  }
  if (isObject(op.selective) && typeof op.selective.object_to_keep === 'string') {
    return { hint: 'general', objectToKeep: op.selective.object_to_keep };
  }
  const category = isObject(op.category) ? op.category.type : op.category;
  return { hint: (category as SubjectHint | undefined) ?? fallback };
}

export function claidToPlan(request: JsonObject): Plan {
  const notes: PlanNote[] = [];
  const remove = getAt(request, `${BG}.remove`);
  const blur = getAt(request, `${BG}.blur`);
  const color = getAt(request, `${BG}.color`);
  const formatValue = getAt(request, 'output.format');
  const format = ((isObject(formatValue) ? formatValue.type : formatValue) ?? 'jpeg') as OutputFormat;
  const quality =
    isObject(formatValue) && typeof formatValue.quality === 'number' ? formatValue.quality : undefined;

  let subject: SubjectPlan | null = null;
  let background: BackgroundPlan = { kind: 'original' };
  if (claidRemoveIsOn(request)) {
    subject = subjectOf(remove as JsonObject | true, notes, `${BG}.remove`, 'products');
    if (color === 'transparent' && !formatHasAlpha(format)) {
      notes.push({
        path: `${BG}.color`,
        message: `Transparent needs PNG, WebP or AVIF; with ${format.toUpperCase()} Claid makes the background white.`,
      });
      background = { kind: 'color', hex: '#FFFFFF' };
    } else if (color === 'transparent') background = { kind: 'transparent' };
    else background = { kind: 'color', hex: typeof color === 'string' ? upperHex(color) : '#FFFFFF' };
  } else if (blur === true || isObject(blur)) {
    subject = subjectOf(blur, notes, `${BG}.blur`, 'general');
    const options = isObject(blur) ? blur : {};
    background = {
      kind: 'blur',
      type: options.type === 'lens' ? 'lens' : 'regular',
      level: options.level === 'low' || options.level === 'high' ? options.level : 'medium',
    };
  }

  const resizing = getAt(request, 'operations.resizing');
  const sizing = isObject(resizing) ? resizing : {};
  const fitValue = sizing.fit;
  const fitName = (isObject(fitValue) ? fitValue.type : fitValue) ?? 'crop';
  const frame: FramePlan = {
    cropToSubject: isObject(remove) && remove.clipping === true,
    fit: fitName as FramePlan['fit'],
    cropGravity: isObject(fitValue) && fitValue.crop === 'smart' ? 'smart' : 'center',
    unsizedTarget: fitName === 'bounds' ? 'subject' : 'input',
  };
  const width = toLength(sizing.width);
  const height = toLength(sizing.height);
  if (width) frame.width = width;
  if (height) frame.height = height;
  const padding = getAt(request, 'operations.padding');
  if (typeof padding === 'string') {
    const sides = expandSides(padding.split(' ').map((part) => ({ percent: Number.parseFloat(part) })));
    if (sides) frame.padding = sides;
  }
  return { subject, background, frame, output: { format, ...(quality !== undefined && { quality }) }, notes };
}
