/**
 * The registry of dialects: every place that needs a provider's facts asks here, never by its name.
 * Adding a provider = its folder (src/recipe/<dialect>/, src/server/executors/<dialect>/) and one line in
 * BUILT_IN below (plus its plan mapping's line in plan-mappings.ts, kept apart for the first paint).
 */
import type { DialectModule } from './dialect.ts';
import type { Dialect, OptionDoc } from './types.ts';
import { claid } from './claid/index.ts';
import { deepImage } from './deep-image/index.ts';
import { docFor } from './docs-lookup.ts';

/** The providers Backdrop ships, in the order the editor shows them (the first is the default). */
const BUILT_IN: readonly DialectModule[] = [claid, deepImage];

const REGISTRY = new Map<Dialect, DialectModule>(BUILT_IN.map((module) => [module.dialect, module]));

/**
 * Adds a dialect at run time (tests register a minimal third one to prove nothing assumes two). Throws
 * when the id is taken by another module.
 */
export function registerDialect(module: DialectModule): void {
  const taken = REGISTRY.get(module.dialect);
  if (taken && taken !== module) throw new Error(`The dialect "${module.dialect}" is registered already.`);
  REGISTRY.set(module.dialect, module);
}

/** Removes a dialect registerDialect added (tests clean up after themselves); built-ins stay. */
export function unregisterDialect(dialect: Dialect): void {
  if (!BUILT_IN.some((module) => module.dialect === dialect)) REGISTRY.delete(dialect);
}

/** Every registered dialect's id, in registry order. */
export function dialectIds(): Dialect[] {
  return [...REGISTRY.keys()];
}

/** Every registered dialect's descriptor, in registry order. */
export function dialectModules(): DialectModule[] {
  return [...REGISTRY.values()];
}

/** True when `value` names a registered dialect. */
export function isDialect(value: unknown): value is Dialect {
  return typeof value === 'string' && REGISTRY.has(value);
}

/** The ids as a sentence's list: `"claid" or "deep-image"` (for error messages). */
export function dialectChoices(joiner = 'or'): string {
  const quoted = dialectIds().map((id) => `"${id}"`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${joiner} ${quoted.at(-1)}`;
}

/** A dialect's descriptor; throws naming the known ids when `dialect` is not registered. */
export function dialectModule(dialect: Dialect): DialectModule {
  const module = REGISTRY.get(dialect);
  if (!module) throw new Error(`Unknown dialect "${String(dialect)}". Use ${dialectChoices()}.`);
  return module;
}

/** The provider's name as people write it (`Deep-Image`); the id itself for an unknown one. */
export function dialectLabel(dialect: Dialect): string {
  return REGISTRY.get(dialect)?.label ?? dialect;
}

/** The provider's documentation page for its request body. */
export function docUrl(dialect: Dialect): string {
  return dialectModule(dialect).docUrl;
}

export function optionDocs(dialect: Dialect): OptionDoc[] {
  return dialectModule(dialect).docs;
}

/** The doc of an option; array items (`background.generate.color.1`) resolve to their array's doc. */
export function optionDoc(dialect: Dialect, path: string): OptionDoc | undefined {
  return docFor(dialectModule(dialect).docs, path);
}

/** MIME types the dialect's provider takes as input, from its documentation. */
export function providerInputTypes(dialect: Dialect): readonly string[] {
  return dialectModule(dialect).inputTypes;
}

/** The providers whose API takes this input type (a MIME type such as image/heic), in registry order. */
export function providersAccepting(mime: string): { dialect: Dialect; label: string }[] {
  return dialectModules()
    .filter((module) => module.inputTypes.includes(mime))
    .map((module) => ({ dialect: module.dialect, label: module.label }));
}
