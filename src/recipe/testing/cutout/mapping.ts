/** Cutout request ⇄ plan (test-only dialect; see index.ts). */
import type { PathOf, PlanFeature } from '../../dialect.ts';
import type { PlanMapping } from '../../plan-mappings.ts';
import type { BackgroundPlan, OutputFormat, Plan } from '../../plan.ts';
import type { JsonObject, Loss } from '../../types.ts';

const FORMATS: readonly OutputFormat[] = ['png', 'jpeg', 'webp'];

const cutoutPathOf = (feature: PlanFeature): string =>
  (
    ({
      subject: 'background',
      background: 'background',
      color: 'background',
      size: 'width',
      minLength: 'width',
      format: 'format',
    }) as Partial<Record<PlanFeature, string>>
  )[feature] ?? '';

function toPlan(request: JsonObject): Plan {
  const format = (request.format as OutputFormat | undefined) ?? 'png';
  const background: BackgroundPlan =
    request.background === 'transparent'
      ? { kind: 'transparent' }
      : request.background === 'white'
        ? { kind: 'color', hex: '#FFFFFF' }
        : { kind: 'original' };
  return {
    subject: background.kind === 'original' ? null : { hint: 'auto' },
    background,
    frame: {
      cropToSubject: false,
      ...(typeof request.width === 'number' ? { width: { px: request.width } } : {}),
      fit: 'bounds',
      cropGravity: 'center',
      unsizedTarget: 'input',
    },
    output: { format },
    notes: [],
  };
}

function fromPlan(plan: Plan, pathOf: PathOf): { request: JsonObject; losses: Loss[] } {
  const losses: Loss[] = [];
  const lose = (feature: PlanFeature, message: string) =>
    losses.push({ path: pathOf(feature), kind: 'dropped', message });
  const request: JsonObject = {};
  const bg = plan.background;
  if (bg.kind === 'transparent') request.background = 'transparent';
  else if (bg.kind === 'color') {
    request.background = 'white';
    if (bg.hex !== '#FFFFFF') lose('color', `Cutout fills with white only, not ${bg.hex}.`);
  } else if (bg.kind !== 'original') lose('background', `Cutout has no "${bg.kind}" background.`);
  if (plan.frame.width && 'px' in plan.frame.width) request.width = plan.frame.width.px;
  if (plan.frame.height) lose('size', 'Cutout sets the width only; the height follows the photo.');
  if (plan.frame.minLength) lose('minLength', 'Cutout has no minimum side length; set a width instead.');
  if (plan.frame.cropToSubject) lose('cropToSubject', 'Cutout does not crop to the object.');
  if (plan.frame.padding) lose('padding', 'Cutout has no padding.');
  if (FORMATS.includes(plan.output.format)) request.format = plan.output.format;
  else lose('format', `Cutout cannot write ${plan.output.format.toUpperCase()}; PNG is used.`);
  return { request, losses };
}

export const cutoutMapping: PlanMapping = { toPlan, fromPlan, pathOf: cutoutPathOf };
