/**
 * The request model: the one place that knows what a Claid or Deep-Image request means. Pure TypeScript
 * (zod + fflate only) so the browser and the server share it unchanged. Import only from this file.
 */
export * from './types.ts';
export * from './plan.ts';
export * from './api-types.ts';
export { claidRequestSchema } from './claid/index.ts';
export { deepImageRequestSchema } from './deep-image/index.ts';
export { DOC_URLS, optionDocs, optionDoc } from './dialects.ts';
export { defaultRequest, detectDialect, parse, validate, print, toPlan, fromPlan } from './request.ts';
export type { ParseResult } from './request.ts';
export { getAt, setAt } from './json.ts';
export { RequestError } from './errors.ts';
export { translate } from './translate.ts';
export { snippet } from './snippets/index.ts';
export type { SnippetOptions } from './snippets/index.ts';
export { encodeShare, decodeShare } from './share.ts';
export type { DecodedShare } from './share.ts';
