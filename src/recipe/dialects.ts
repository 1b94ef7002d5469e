/** The registry of dialects. Adding a provider = adding a folder and one line here. */
import type { DialectModule } from './dialect.ts';
import type { Dialect, OptionDoc } from './types.ts';
import { claid } from './claid/index.ts';
import { deepImage } from './deep-image/index.ts';
import { docFor } from './docs-lookup.ts';

export const DIALECT_MODULES: Record<Dialect, DialectModule> = {
  claid,
  'deep-image': deepImage,
};

export function dialectModule(dialect: Dialect): DialectModule {
  const module = (DIALECT_MODULES as Partial<Record<string, DialectModule>>)[dialect];
  if (!module) throw new Error(`Unknown dialect "${String(dialect)}". Use "claid" or "deep-image".`);
  return module;
}

export const DOC_URLS: Record<Dialect, string> = {
  claid: claid.docUrl,
  'deep-image': deepImage.docUrl,
};

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
  return Object.values(DIALECT_MODULES)
    .filter((module) => module.inputTypes.includes(mime))
    .map((module) => ({ dialect: module.dialect, label: module.label }));
}
