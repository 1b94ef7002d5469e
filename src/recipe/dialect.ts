/** What one dialect folder provides. Shared code (parse, validate, translate, ...) only talks to this. */
import type { core } from 'zod';
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

/**
 * How a provider is called directly (its API reference), for the code snippets: one multipart POST with the
 * image file and the request as a JSON form field, the key in one header, the result's URL in the answer
 * or in a job to poll. Keys appear only as the environment variable's name, never as values.
 */
export interface ProviderApi {
  /** The documented endpoint the snippet posts to. */
  url: string;
  /** The environment variable a user exports the key in (the server reads the same name). */
  keyVar: string;
  /** The header carrying the key, and its scheme word when the value is not the bare key (`Bearer`). */
  header: string;
  scheme?: string;
  /** Multipart field names of the image file and of the request JSON. */
  fileField: string;
  bodyField: string;
  /** Where the result's URL is in the answer (keys from the root), when it answers at once. */
  resultPath: readonly string[];
  /** When the answer can be a job to poll: GET `url` + the job's id until the status is final. */
  poll?: {
    url: string;
    idKey: string;
    statusKey: string;
    /** Statuses that mean "still working"; any other is final. */
    pending: readonly string[];
    intervalSeconds: number;
    resultPath: readonly string[];
  };
}

/** A source option the plan does not carry, so no other dialect can: translation reports it as dropped. */
export interface NotInPlan {
  path: string;
  /** Why, for the loss report; `target` is the label of the dialect translated to. */
  message(target: string): string;
}

/**
 * A provider's descriptor: everything one dialect knows that the browser may see, in its folder under
 * `src/recipe/<dialect>/`, registered with one line in dialects.ts. The server half (key and base-URL
 * variables, secrets to redact, the HTTP client) is in `src/server/executors/<dialect>/`.
 */
export interface DialectModule {
  /** The id requests, share links, the API and the CLI use (`claid`); also the provider's executor id. */
  dialect: Dialect;
  /** The provider's name as people write it (`Deep-Image`). */
  label: string;
  /** The provider's documentation page for this request body. */
  docUrl: string;
  api: ProviderApi;
  /** Options the plan does not carry (translation's loss report). */
  notInPlan: readonly NotInPlan[];
  /** The longest input URL (`imageUrl`) the provider takes, in characters, when it documents one. */
  maxInputUrlLength?: number;
  /** MIME types the provider's API takes as input, as its documentation lists them. */
  inputTypes: readonly string[];
  /** The request body's shape (zod classic or zod/mini: any zod 4 schema). */
  schema: core.$ZodType;
  docs: OptionDoc[];
  keyOrder: KeyOrder;
  rules: Rule[];
  defaultRequest(): JsonObject;
  /**
   * Where the editor points for a few plan facts (the control "Show the option" focuses, a file the
   * browser uploads beside the request): the output width, a generated backdrop's object size, a
   * background image's URL. Absent = the dialect cannot say it.
   */
  optionPaths: { width: string; itemArea?: string; backgroundImage?: string };
  /** What tells its requests apart, completing "a Claid request …" (when a pasted one is unclear). */
  recognisedBy: string;
  /** 0 = certainly not this dialect; higher = more of its distinctive keys present. */
  score(value: JsonObject): number;
  legacy?(request: JsonObject): LegacyForm | undefined;
}
