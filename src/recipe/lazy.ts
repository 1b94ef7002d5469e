/**
 * The request model's second entry: what the browser does not need for its first paint (share links and
 * their fflate compression, code snippets, plan conversion, translate).
 *
 * Import rule: import from index.ts, or from this file through a dynamic `import()` only
 * (`await import('../../recipe/lazy.ts')`), never statically from code that runs at start-up — a static
 * import would pull all of this back into the first-paint bundle. index.ts exports the same functions for
 * Node code (server, engine, CLI, tests), where bundle size does not matter.
 */
export { toPlan, fromPlan } from './convert.ts';
export { translate } from './translate.ts';
export { snippet } from './snippets/index.ts';
export type { SnippetOptions } from './snippets/index.ts';
export { encodeShare, decodeShare } from './share.ts';
export type { DecodedShare } from './share.ts';
export {
  PRESETS,
  findPreset,
  compilePreset,
  exportUserPresets,
  importUserPresets,
  mergeUserPresets,
} from './presets/index.ts';
export type { Preset, UserPreset, ComplianceReport, RuleResult } from './presets/index.ts';
export { parseFinish } from './finish.ts';
