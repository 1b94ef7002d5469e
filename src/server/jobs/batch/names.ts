/**
 * File names inside a batch. Item names must be unique (a folder of photos from several sources often
 * repeats `IMG_0001.jpg`), and so must the result names in the archive and the CLI's output folder.
 * Uniqueness is case-insensitive, because the archive is unpacked on macOS and Windows too.
 */
import { extensionFor } from '../../../recipe/index.ts';

/** Characters no file may carry on common filesystems (Windows' reserved set, separators, controls). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]+/g;

/** A base name that is safe as a file name: no folders, no reserved characters, no leading dots. */
export function safeFileName(name: string, fallback = 'image'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(UNSAFE, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 120);
  return cleaned || fallback;
}

/** `mug.jpg` → [`mug`, `.jpg`]; a name without an extension keeps an empty one. */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/**
 * `name`, or `stem-2.ext`, `stem-3.ext`… whichever is not yet in `taken` (lower-cased names); adds the
 * chosen name to `taken`.
 */
export function uniqueName(name: string, taken: Set<string>): string {
  const [stem, extension] = splitExtension(name);
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Result file names for a batch's items, in item order: `<stem>-backdrop.<ext>`, the stem made unique
 * over every item (done or not), so an item's name never changes as others finish (an archive of what is
 * done so far and the final one agree). `format` is the result's format, or undefined while none.
 */
export function resultNames(items: { name: string; format?: string }[]): (string | undefined)[] {
  const stems = resultStems(items.map((item) => item.name));
  return items.map((item, i) => (item.format ? resultName(stems[i]!, item.format) : undefined));
}

/** The unique stem of each input name's result (see resultNames), in order. */
export function resultStems(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => uniqueName(splitExtension(safeFileName(name))[0], taken));
}

/** `mug` + `png` → `mug-backdrop.png`. */
export function resultName(stem: string, format: string): string {
  return `${stem}-backdrop.${extensionFor(format)}`;
}

/** The last segment of a URL's path, decoded, as an input name (`https://x/a/mug%201.jpg` → `mug 1.jpg`). */
export function nameFromUrl(url: string): string {
  const segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // keep it encoded
  }
  return safeFileName(decoded, 'image');
}
