/**
 * Marketplace presets and the compliance check (pure). The browser reaches this only through lazy.ts;
 * Node code imports it from ../index.ts.
 */
export * from './types.ts';
export { PRESETS, PRESET_IDS, findPreset } from './catalogue.ts';
export { SOURCES, READ_ON } from './sources.ts';
export { compilePreset, constrainPlan, formatMegabytes, providerGenerates, ruleGap } from './compile.ts';
export {
  verifyMeasurements,
  verifyRule,
  summarise,
  summaryLines,
  worstStatus,
  AI_SOURCE_TYPES,
  TOUCH_TOLERANCE,
} from './verify.ts';
export {
  checkUserPreset,
  exportUserPresets,
  importUserPresets,
  mergeUserPresets,
  USER_PRESETS_FORMAT,
  MAX_USER_PRESETS,
} from './user-presets.ts';
export type { UserPreset, UserPresetsFile, ImportResult } from './user-presets.ts';
