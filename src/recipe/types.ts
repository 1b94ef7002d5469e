/** Shared vocabulary of the request model (dialect, request, issue, option doc, loss). Pure types, no runtime code. */

/**
 * A provider's request language, by the id its descriptor registers (dialects.ts: `claid`,
 * `deep-image`, …). A string, not a union: the registry is the list, and is checked at run time
 * (`isDialect`), so a provider added there needs no edit here.
 */
export type Dialect = string;

/** Where a request runs: `local` (Backdrop's own engine, emulates every dialect) or a provider's dialect. */
export type ExecutorId = 'local' | Dialect;

/** A JSON value as it appears in a request; requests keep unknown keys, so they are plain JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * One finding about a request. `error` = cannot be sent; `warning` = can be sent but is probably not
 * what the user wants. `path` is a dotted JSON path inside the request body, e.g.
 * `operations.background.remove.category` (Claid) or `background.generate.color.1` (Deep-Image);
 * the empty string means the whole document.
 */
export interface Issue {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. `category-with-selective`, `unknown-key`, `bad-hex`. */
  code: string;
  path: string;
  /** A plain sentence a designer understands, naming the allowed values where it helps. */
  message: string;
  /** Link to the provider documentation section. */
  docUrl?: string;
  /** What was probably meant, e.g. the known key `color` for an unknown key `colour`. */
  suggestion?: string;
  /** 1-based position in the JSON text, when the issue came from parsing text. */
  line?: number;
  column?: number;
}

/** The documented text of one option, shown next to its control and used by the CLI and the rules. */
export interface OptionDoc {
  /** Dotted JSON path, as in Issue.path (array items as `*` are not used: options are objects/scalars). */
  path: string;
  label: string;
  /** The provider's documented meaning, in our own words. */
  description: string;
  /** Allowed values for enums, each with its documented meaning. */
  values?: { value: Json; label: string; description: string }[];
  /** The default as the docs state it (undefined = no documented default). */
  default?: Json;
  /** Free text about the default, e.g. where documentation versions disagree. */
  defaultNote?: string;
  /** Link to the section of the provider docs. */
  docUrl: string;
}

/** Something a translation dropped or approximated. */
export interface Loss {
  /** Path in the source request. */
  path: string;
  kind: 'dropped' | 'approximated';
  message: string;
}
