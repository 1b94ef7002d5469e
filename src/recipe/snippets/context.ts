/** What every snippet writer gets, and how each provider is called directly. */
import type { Dialect, ExecutorId, JsonObject } from '../types.ts';
import type { ProviderApi } from '../dialect.ts';
import { dialectLabel, dialectModule } from '../dialects.ts';

export interface Context {
  dialect: Dialect;
  executor: ExecutorId;
  image: string;
  origin: string;
  body: string;
  compact: string;
  request: JsonObject;
  resultFile: string;
  /** Backdrop's subject box as `x,y,width,height`, when the photo has one (see subject-box.ts). */
  subjectBox?: string;
  /** The file name of the photo's touched-up mask (PNG at the photo's size), when it has one. */
  maskFile?: string;
}

/**
 * What a snippet says about the subject box: it is Backdrop's own field beside the request, sent only to
 * the local engine; the providers have no such option. Empty when there is no box.
 */
function boxNote(c: Context, target: 'backdrop' | 'provider'): string {
  if (!c.subjectBox) return '';
  if (target === 'provider')
    return `Backdrop's subject box (${c.subjectBox}) is not part of ${providerName(c.dialect)}'s API, so it is left out here.`;
  return c.executor === 'local'
    ? `subjectBox (x,y,width,height) is a Backdrop extension for the local engine, not part of the ${providerName(c.dialect)} request.`
    : `The subject box (${c.subjectBox}) is for the local engine only; ${providerName(c.dialect)} has no such option, so it is not sent.`;
}

/** True when the snippet sends the box: through Backdrop, to the local engine. */
export const sendsBox = (c: Context) => Boolean(c.subjectBox) && c.executor === 'local';

/**
 * What a snippet says about a touched-up mask: through Backdrop it is sent as the `mask` file (any
 * executor: the local engine uses it instead of segmenting, a provider's cut-out gets it as its alpha);
 * a provider called directly never sees it. Empty when there is no mask.
 */
function maskNote(c: Context, target: 'backdrop' | 'provider'): string {
  if (!c.maskFile) return '';
  if (target === 'provider')
    return `The touched-up mask (${c.maskFile}) is applied by Backdrop, not by ${providerName(c.dialect)}, so a direct call does not use it.`;
  return `mask (${c.maskFile}: Touch up › Mask › Download mask) is a Backdrop extension, not part of the ${providerName(c.dialect)} request: ${c.executor === 'local' ? 'the local engine uses it instead of segmenting' : `Backdrop applies it to ${providerName(c.dialect)}'s cut-out as its alpha`}.`;
}

/** The comment lines about Backdrop's own fields (box, mask) for a snippet, in its comment syntax. */
export const extensionNotes = (c: Context, target: 'backdrop' | 'provider', prefix: string): string[] =>
  [boxNote(c, target), maskNote(c, target)].filter(Boolean).map((note) => `${prefix} ${note}`);

export type Writer = (context: Context) => string;

/** The provider's name as people write it, from its descriptor. */
export const providerName = (dialect: Dialect) => dialectLabel(dialect);

/** How the provider is called directly (its descriptor's `api`). */
export const providerApi = (dialect: Dialect): ProviderApi => dialectModule(dialect).api;

/** The key header's value in a snippet's language: `key` is that language's expression for the key. */
export function authValue(
  api: ProviderApi,
  key: string,
  concat: (words: string, key: string) => string,
): string {
  return api.scheme ? concat(`${api.scheme} `, key) : key;
}
