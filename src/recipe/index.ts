/**
 * The request model: the one place that knows what a Claid or Deep-Image request means. Pure TypeScript
 * (zod + fflate only) so the browser and the server share it unchanged.
 *
 * Import rule: import from this file, or from `lazy.ts` through a dynamic `import()` only. lazy.ts holds
 * what the browser does not need for its first paint (share links + fflate, snippets, plan conversion,
 * translate); the app reaches it only via `import('…/recipe/lazy.ts')` so the bundler keeps that code in a
 * chunk of its own. Node code (server, engine, CLI, tests) simply uses this file, which exports everything.
 *
 * `raster/` is the one exception, imported from its own files: pure pixel filters (box mean, guided filter)
 * that the engine's mask refinement and the browser's touch-up brushes both run.
 */
export * from './types.ts';
export * from './plan.ts';
export * from './api-types.ts';
export * from './finish.ts';
export * from './subject-box.ts';
export { claidRequestSchema } from './claid/index.ts';
export { deepImageRequestSchema } from './deep-image/index.ts';
export {
  dialectChoices,
  dialectIds,
  dialectLabel,
  dialectModule,
  dialectModules,
  docUrl,
  isDialect,
  optionDocs,
  optionDoc,
  providerInputTypes,
  providersAccepting,
} from './dialects.ts';
export type { DialectModule, ProviderApi } from './dialect.ts';
export { defaultRequest, detectDialect, formatPasted, parse, validate, print } from './request.ts';
export { toPlan, fromPlan, requestWarnings } from './convert.ts';
export { layoutByArea, layoutFrame } from './frame-layout.ts';
export type { FrameInput, FrameLayout } from './frame-layout.ts';
export { enlargement, ENLARGEMENT_NOTICEABLE } from './enlargement.ts';
export type { Enlargement } from './enlargement.ts';
export type { ParseResult } from './request.ts';
export { getAt, isObject, renameKey, setAt } from './json.ts';
export { downloadName, extensionFor, labelSuffix } from './download-name.ts';
export {
  LOCAL_APPROXIMATIONS,
  localApproximationWarnings,
  localApproximationsIn,
} from './local-approximations.ts';
export type { LocalApproximation, ApproximatedOption } from './local-approximations.ts';
export { typeRefusal } from './input-types.ts';
export type { TypeRefusalInput } from './input-types.ts';
export { RequestError } from './errors.ts';
export { translate } from './translate.ts';
export { snippet } from './snippets/index.ts';
export type { SnippetOptions } from './snippets/index.ts';
export { encodeShare, decodeShare } from './share.ts';
export type { DecodedShare } from './share.ts';
export * from './presets/index.ts';
