/**
 * Plan conversion (request ⇄ provider-neutral plan). Kept apart from request.ts and from the dialect
 * modules so that code needing only parse/validate/print (the editor's first paint) never pulls the
 * plan mappings in; see lazy.ts.
 */
import type { Dialect, JsonObject, Loss } from './types.ts';
import type { Plan, PlanWarning } from './plan.ts';
import type { JobWarning } from './api-types.ts';
import { planMapping } from './plan-mappings.ts';
import { validate } from './request.ts';
import { RequestError } from './errors.ts';

export function toPlan(dialect: Dialect, request: JsonObject): Plan {
  const issues = validate(dialect, request);
  if (issues.some((issue) => issue.severity === 'error')) throw new RequestError(issues);
  return planMapping(dialect).toPlan(request);
}

/** Plan-level names for losses when there is no source request (see translate for source paths). */
const PLAN_PATHS: Record<string, string> = {
  subject: 'subject',
  objectToKeep: 'subject.objectToKeep',
  prompt: 'subject.prompt',
  background: 'background',
  blur: 'background',
  color: 'background',
  generate: 'background',
  replace: 'background',
  cropToSubject: 'frame.cropToSubject',
  size: 'frame.width',
  minLength: 'frame.minLength',
  fit: 'frame.fit',
  padding: 'frame.padding',
  format: 'output.format',
  quality: 'output.quality',
  maxFileSize: 'output.maxFileSize',
};

export function fromPlan(plan: Plan, dialect: Dialect): { request: JsonObject; losses: Loss[] } {
  return planMapping(dialect).fromPlan(plan, (feature) => PLAN_PATHS[feature] ?? feature);
}

/** The engine's warnings with each plan fact turned into its path in a request of `dialect` (pathOf). */
export function requestWarnings(dialect: Dialect, warnings: readonly PlanWarning[]): JobWarning[] {
  const { pathOf } = planMapping(dialect);
  return warnings.map(({ feature, path, message }) => {
    const where = feature ? pathOf(feature) : path;
    return where === undefined ? { message } : { path: where, message };
  });
}
