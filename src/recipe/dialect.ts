/** What one dialect folder provides. Shared code (parse, validate, translate, ...) only talks to this. */
import type { z } from 'zod';
import type { Dialect, Issue, JsonObject, OptionDoc } from './types.ts';
import type { KeyOrder } from './print.ts';

/** One finding of a rule; severity and code come from the rule itself. */
export interface Finding {
  path: string;
  message: string;
  docUrl?: string;
  /** What was probably meant (see Issue.suggestion). */
  suggestion?: string;
}

/** Rules are data: one list per dialect plus shared ones, each a code, a severity and a check. */
export interface Rule {
  code: string;
  severity: Issue['severity'];
  /** Must never throw: it runs on requests that may not match the schema. */
  check(request: JsonObject, dialect: DialectModule): Finding[];
}

/** Maps a plan feature to the path of the source request that expressed it (for loss reports). */
export type PathOf = (feature: PlanFeature) => string;
export type PlanFeature =
  | 'subject'
  | 'objectToKeep'
  | 'prompt'
  | 'background'
  | 'blur'
  | 'color'
  | 'generate'
  | 'replace'
  | 'cropToSubject'
  | 'size'
  | 'minLength'
  | 'fit'
  | 'padding'
  | 'format'
  | 'quality'
  | 'maxFileSize';

export interface LegacyForm {
  path: string;
  modern: JsonObject;
  message: string;
}

export interface DialectModule {
  dialect: Dialect;
  label: string;
  docUrl: string;
  /** MIME types the provider's API takes as input, as its documentation lists them (PROVIDERS.md). */
  inputTypes: readonly string[];
  schema: z.ZodType;
  docs: OptionDoc[];
  keyOrder: KeyOrder;
  rules: Rule[];
  defaultRequest(): JsonObject;
  /** 0 = certainly not this dialect; higher = more of its distinctive keys present. */
  score(value: JsonObject): number;
  legacy?(request: JsonObject): LegacyForm | undefined;
}
