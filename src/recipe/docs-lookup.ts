/** Finding the option doc for a path, and saying its allowed values in a sentence. */
import type { Json, OptionDoc } from './types.ts';

/** Array items (`color.1`) belong to their array's doc. */
export function docFor(docs: readonly OptionDoc[], path: string): OptionDoc | undefined {
  const withoutIndices = path
    .split('.')
    .filter((key) => !/^\d+$/.test(key))
    .join('.');
  return docs.find((doc) => doc.path === withoutIndices);
}

/** The nearest documented ancestor's link, so every issue can point at the docs. */
export function docUrlFor(docs: readonly OptionDoc[], path: string, fallback: string): string {
  let current = path;
  while (current !== '') {
    const doc = docFor(docs, current);
    if (doc) return doc.docUrl;
    const dot = current.lastIndexOf('.');
    current = dot < 0 ? '' : current.slice(0, dot);
  }
  return fallback;
}

export function showValue(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** `"a", "b" or "c"` */
export function listValues(values: readonly Json[]): string {
  const shown = values.map((value) => showValue(value));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/** A short name for an option in messages: its last key, quoted. */
export function nameOf(path: string): string {
  const keys = path.split('.').filter((key) => !/^\d+$/.test(key));
  return `"${keys[keys.length - 1] ?? 'request'}"`;
}
