/** translate(): request → plan → request, with a report of what could not be carried over. */
import type { Dialect, JsonObject, Loss } from './types.ts';
import { planMapping } from './plan-mappings.ts';
import { getAt } from './json.ts';
import { validate } from './request.ts';
import { toPlan } from './convert.ts';

/** Source options that never reach the plan, so no target can carry them. */
const NOT_IN_PLAN: Record<Dialect, { path: string; message: string }[]> = {
  claid: [
    { path: 'output.format.progressive', message: 'Only Claid knows progressive JPEG encoding.' },
    { path: 'output.format.lossless', message: 'Only Claid knows lossless WebP encoding.' },
    { path: 'output.format.compression', message: 'Only Claid knows its compression presets.' },
    {
      path: 'operations.background.remove.category.version',
      message: 'Model versions are specific to Claid.',
    },
  ],
  'deep-image': [
    { path: 'url', message: 'Claid takes the image outside this body; Backdrop uploads it.' },
    { path: 'webhooks', message: 'Claid has no completion webhook in this body.' },
  ],
};

export function translate(
  request: JsonObject,
  from: Dialect,
  to: Dialect,
): { request: JsonObject; losses: Loss[] } {
  if (from === to) return { request: structuredClone(request), losses: [] };
  const plan = toPlan(from, request);
  const result = planMapping(to).fromPlan(plan, planMapping(from).pathOf);
  const losses: Loss[] = [...result.losses];
  for (const { path, message } of NOT_IN_PLAN[from]) {
    if (getAt(request, path) !== undefined) losses.push({ path, kind: 'dropped', message });
  }
  for (const issue of validate(from, request)) {
    if (issue.code === 'unknown-key') {
      losses.push({
        path: issue.path,
        kind: 'dropped',
        message: 'Backdrop does not know this option, so it cannot translate it.',
      });
    }
  }
  return { request: result.request, losses };
}
