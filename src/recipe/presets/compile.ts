/**
 * Compiling a preset to a dialect: intent (a plan) → request through the same plan mapping translation
 * uses, then each rule is checked against what the request can promise. A rule the request cannot
 * express (no maximum file size in Claid, no colour space in either language…) is added to the loss
 * report; the local engine still meets it (constrainPlan) and the compliance check verifies any result.
 */
import type { Dialect, Loss } from '../types.ts';
import type { Plan } from '../plan.ts';
import { formatHasAlpha } from '../plan.ts';
import { fromPlan, toPlan } from '../convert.ts';
import { dialectModule } from '../dialects.ts';
import type { CompiledPreset, Preset, PresetRule } from './types.ts';

/** The padding share (0..0.5) every side of a plan's frame has, when all four are the same percentage. */
function uniformPaddingShare(plan: Plan): number | undefined {
  const padding = plan.frame.padding;
  if (!padding) return 0;
  const all = [padding.top, padding.right, padding.bottom, padding.left];
  const first = all[0]!;
  if (!('percent' in first) || !all.every((side) => 'percent' in side && side.percent === first.percent))
    return undefined;
  return first.percent / 100;
}

/** True when a plan frames the subject into a fixed canvas (so its fill and edges are known). */
function framesSubject(plan: Plan): boolean {
  const { frame } = plan;
  return (
    frame.cropToSubject &&
    frame.fit === 'canvas' &&
    frame.width !== undefined &&
    'px' in frame.width &&
    frame.height !== undefined &&
    'px' in frame.height
  );
}

/**
 * Why a request whose plan is `plan` cannot promise `rule`, or undefined when it can (or when only the
 * photo decides, as with sizes when the request fixes none: the check measures those after the run).
 */
export function ruleGap(rule: PresetRule, plan: Plan, label: string): string | undefined {
  const check = rule.check;
  switch (check.kind) {
    case 'white-background':
      return plan.background.kind === 'color' && plan.background.hex === '#FFFFFF'
        ? undefined
        : `this ${label} request does not fill the background with #FFFFFF.`;
    case 'fill-ratio': {
      const share = uniformPaddingShare(plan);
      if (framesSubject(plan) && share !== undefined && 1 - 2 * share >= check.min) return undefined;
      return `this ${label} request cannot promise a fill of ${Math.round(check.min * 100)}% (it needs clipping to the product, a fixed canvas and padding of at most ${trim(((1 - check.min) / 2) * 100)}%).`;
    }
    case 'subject-inside':
      return framesSubject(plan)
        ? undefined
        : `this ${label} request does not keep the product inside the frame.`;
    case 'format':
      return check.allowed.includes(plan.output.format)
        ? undefined
        : `this ${label} request writes ${plan.output.format.toUpperCase()}.`;
    case 'max-file-size':
      return plan.output.maxFileSize !== undefined && plan.output.maxFileSize <= check.max
        ? undefined
        : `${label} has no maximum file size in this request.`;
    case 'opaque':
      return formatHasAlpha(plan.output.format) && plan.background.kind === 'transparent'
        ? `this ${label} request keeps the background transparent.`
        : undefined;
    case 'colour-space':
      return `neither request language sets a colour space.`;
    case 'ai-source-type':
      return `provenance metadata is not part of a ${label} request.`;
    default:
      return undefined;
  }
}

const trim = (value: number) => String(Math.round(value * 100) / 100);

/** What Backdrop does about a rule the request cannot carry. */
function remedy(rule: PresetRule): string {
  switch (rule.check.kind) {
    case 'colour-space':
      return 'Backdrop’s local engine writes sRGB with its ICC profile; a provider’s result is verified after the run.';
    case 'ai-source-type':
      return 'Backdrop writes the IPTC DigitalSourceType into every result it stores when a provider generated pixels.';
    case 'max-file-size':
      return 'Backdrop’s local engine keeps its result under the limit when the preset is applied; any result is verified after the run.';
    default:
      return 'The local engine’s result is verified after the run, and the check says how to fix it.';
  }
}

/**
 * The preset as a request in `dialect`, with the losses of its intent (as `fromPlan` reports them) and
 * one `rules.<id>` loss per rule the request cannot express. Throws only on a broken preset (its intent
 * compiles to an invalid request), which the catalogue's tests rule out.
 */
export function compilePreset(preset: Preset, dialect: Dialect): CompiledPreset {
  const { request, losses } = fromPlan(preset.intent, dialect);
  const label = dialectModule(dialect).label;
  const plan = toPlan(dialect, request);
  const ruleLosses: Loss[] = [];
  for (const rule of preset.rules) {
    const gap = ruleGap(rule, plan, label);
    if (gap)
      ruleLosses.push({
        path: `rules.${rule.id}`,
        kind: 'approximated',
        message: `${rule.title}: ${capitalise(gap)} ${remedy(rule)}`,
      });
  }
  return { dialect, request, losses: [...losses, ...ruleLosses] };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The plan the local engine runs for a job that applies `preset`: the request's own plan, with the rules
 * a request cannot express made true where the engine can (a maximum file size). Returns the plan and a
 * note per change, worded for the job's warnings.
 */
export function constrainPlan(plan: Plan, preset: Preset): { plan: Plan; notes: string[] } {
  const notes: string[] = [];
  let output = plan.output;
  for (const rule of preset.rules) {
    const check = rule.check;
    if (
      check.kind === 'max-file-size' &&
      (output.maxFileSize === undefined || output.maxFileSize > check.max)
    ) {
      output = { ...output, maxFileSize: check.max };
      notes.push(
        `${preset.title}: the file is kept under ${formatMegabytes(check.max)} (${rule.title}), which the request itself cannot ask for.`,
      );
    }
  }
  return { plan: output === plan.output ? plan : { ...plan, output }, notes };
}

/**
 * True when running `plan` on a provider has its generative model paint pixels: a generated background
 * or an outpainted canvas. Such a result carries the IPTC DigitalSourceType `trainedAlgorithmicMedia`.
 */
export function providerGenerates(plan: Plan): boolean {
  return plan.background.kind === 'generated' || plan.frame.fit === 'outpaint';
}

export function formatMegabytes(bytes: number): string {
  return `${trim(bytes / (1024 * 1024))} MB`;
}
