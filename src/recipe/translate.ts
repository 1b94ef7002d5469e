/** translate(): request → plan → request, with a report of what could not be carried over. */
import type { Dialect, JsonObject, Loss } from './types.ts';
import { planMapping } from './plan-mappings.ts';
import { dialectLabel, dialectModule } from './dialects.ts';
import { getAt } from './json.ts';
import { validate } from './request.ts';
import { toPlan } from './convert.ts';

export function translate(
  request: JsonObject,
  from: Dialect,
  to: Dialect,
): { request: JsonObject; losses: Loss[] } {
  if (from === to) return { request: structuredClone(request), losses: [] };
  const plan = toPlan(from, request);
  const result = planMapping(to).fromPlan(plan, planMapping(from).pathOf);
  const losses: Loss[] = [...result.losses];
  // Options the plan cannot carry (the source's descriptor lists them): no target can have them.
  for (const { path, message } of dialectModule(from).notInPlan) {
    if (getAt(request, path) !== undefined)
      losses.push({ path, kind: 'dropped', message: message(dialectLabel(to)) });
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
