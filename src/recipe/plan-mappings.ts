/**
 * Each dialect's plan mapping (request → plan, plan → request, where a plan feature lives). A registry of
 * its own, not part of DialectModule, so the browser's first paint (which only parses, validates and
 * prints) does not carry it: only toPlan/fromPlan/translate/snippet reach this file.
 */
import type { PathOf } from './dialect.ts';
import type { Dialect, JsonObject, Loss } from './types.ts';
import type { Plan } from './plan.ts';
import { claidFromPlan } from './claid/from-plan.ts';
import { claidPathOf, claidToPlan } from './claid/to-plan.ts';
import { deepImageFromPlan } from './deep-image/from-plan.ts';
import { deepImagePathOf, deepImageToPlan } from './deep-image/to-plan.ts';

export interface PlanMapping {
  toPlan(request: JsonObject): Plan;
  fromPlan(plan: Plan, pathOf: PathOf): { request: JsonObject; losses: Loss[] };
  /** Where each plan feature lives in a request of this dialect (loss reports name source paths). */
  pathOf: PathOf;
}

const PLAN_MAPPINGS = new Map<Dialect, PlanMapping>([
  ['claid', { toPlan: claidToPlan, fromPlan: claidFromPlan, pathOf: claidPathOf }],
  ['deep-image', { toPlan: deepImageToPlan, fromPlan: deepImageFromPlan, pathOf: deepImagePathOf }],
]);

/** Adds the plan mapping of a dialect registered at run time (registerDialect in dialects.ts). */
export function registerPlanMapping(dialect: Dialect, mapping: PlanMapping): void {
  PLAN_MAPPINGS.set(dialect, mapping);
}

/** A dialect's plan mapping; throws naming the known ids when it has none. */
export function planMapping(dialect: Dialect): PlanMapping {
  const mapping = PLAN_MAPPINGS.get(dialect);
  if (!mapping)
    throw new Error(
      `Unknown dialect "${String(dialect)}". Use ${[...PLAN_MAPPINGS.keys()].map((id) => `"${id}"`).join(' or ')}.`,
    );
  return mapping;
}
