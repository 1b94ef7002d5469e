/**
 * A user's own presets: a named request (in one dialect, with optional finishing) that may take its
 * rules from a built-in preset. Kept in the browser, exported and imported as a JSON file:
 * `{ "backdropPresets": 1, "presets": [UserPreset…] }` (a single preset object is accepted too).
 * Parsing treats the file as hostile: sizes are capped and every preset is validated like a request.
 */
import type { Dialect, Issue, JsonObject } from '../types.ts';
import { dialectChoices, isDialect } from '../dialects.ts';
import { parseFinish } from '../finish.ts';
import { isObject } from '../json.ts';
import { validate } from '../request.ts';
import { PRESET_IDS } from './catalogue.ts';

export interface UserPreset {
  name: string;
  dialect: Dialect;
  request: JsonObject;
  /** Backdrop's finishing (shadows, placement), kept beside the request. */
  finish?: JsonObject;
  /** The built-in preset whose rules verify results of this one, if any. */
  rulesFrom?: string;
  /** ISO time it was saved. */
  savedAt: string;
}

export const USER_PRESETS_FORMAT = 1;
export const MAX_USER_PRESETS = 200;
const MAX_NAME_LENGTH = 80;
const MAX_PRESETS_FILE_BYTES = 2 * 1024 * 1024;

export interface UserPresetsFile {
  backdropPresets: typeof USER_PRESETS_FORMAT;
  presets: UserPreset[];
}

export function exportUserPresets(presets: UserPreset[]): string {
  const file: UserPresetsFile = { backdropPresets: USER_PRESETS_FORMAT, presets };
  return JSON.stringify(file, null, 2) + '\n';
}

export type ImportResult = { ok: true; presets: UserPreset[] } | { ok: false; message: string };

/** One preset from untrusted JSON, or the reason it is refused (naming the preset and the field). */
export function checkUserPreset(value: unknown, where: string): UserPreset | string {
  if (!isObject(value)) return `${where} is not an object with name, dialect and request.`;
  const name = typeof value.name === 'string' ? value.name.trim() : '';
  if (!name || name.length > MAX_NAME_LENGTH)
    return `${where}: "name" must be text of 1 to ${MAX_NAME_LENGTH} characters.`;
  const label = `Preset "${name}"`;
  if (!isDialect(value.dialect))
    return `${label}: "dialect" must be ${dialectChoices()}, not ${JSON.stringify(value.dialect)}.`;
  const dialect = value.dialect as Dialect;
  if (!isObject(value.request)) return `${label}: "request" must be a ${dialect} request object.`;
  const errors = validate(dialect, value.request).filter((issue: Issue) => issue.severity === 'error');
  if (errors.length > 0)
    return `${label}: the request has an error at ${errors[0]!.path || '(request)'}: ${errors[0]!.message}`;
  if (value.finish !== undefined && !isObject(value.finish))
    return `${label}: "finish" must be an object such as {"shadow": {"type": "contact"}}.`;
  const finish = value.finish === undefined ? null : parseFinish(value.finish);
  if (finish && !finish.ok)
    return `${label}: the finishing has an error at ${finish.issues[0]!.path}: ${finish.issues[0]!.message}`;
  if (
    value.rulesFrom !== undefined &&
    value.rulesFrom !== null &&
    !PRESET_IDS.includes(value.rulesFrom as string)
  )
    return `${label}: "rulesFrom" must be one of ${PRESET_IDS.join(', ')}, not ${JSON.stringify(value.rulesFrom)}.`;
  return {
    name,
    dialect,
    request: value.request,
    ...(isObject(value.finish) ? { finish: value.finish } : {}),
    ...(typeof value.rulesFrom === 'string' ? { rulesFrom: value.rulesFrom } : {}),
    savedAt: typeof value.savedAt === 'string' ? value.savedAt.slice(0, 40) : new Date().toISOString(),
  };
}

/** Reads an exported presets file (or one preset object). Refuses the whole file on the first bad preset. */
export function importUserPresets(text: string): ImportResult {
  if (text.length > MAX_PRESETS_FILE_BYTES)
    return { ok: false, message: 'This file is far larger than a presets file; it was not read.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `This file is not JSON (${(error as Error).message}).` };
  }
  const list = isObject(value) && Array.isArray(value.presets) ? value.presets : [value];
  if (isObject(value) && value.backdropPresets !== undefined && value.backdropPresets !== USER_PRESETS_FORMAT)
    return {
      ok: false,
      message: `This presets file has format ${JSON.stringify(value.backdropPresets)}; this Backdrop reads format ${USER_PRESETS_FORMAT}.`,
    };
  if (list.length === 0) return { ok: false, message: 'This presets file holds no presets.' };
  if (list.length > MAX_USER_PRESETS)
    return {
      ok: false,
      message: `This file holds ${list.length} presets; at most ${MAX_USER_PRESETS} can be kept.`,
    };
  const presets: UserPreset[] = [];
  for (const [i, item] of list.entries()) {
    const checked = checkUserPreset(item, `Preset ${i + 1}`);
    if (typeof checked === 'string') return { ok: false, message: checked };
    presets.push(checked);
  }
  return { ok: true, presets };
}

/** Adds `incoming` to `existing`: a preset with the same name is replaced (the newer one wins). */
export function mergeUserPresets(existing: UserPreset[], incoming: UserPreset[]): UserPreset[] {
  const names = new Set(incoming.map((p) => p.name.toLowerCase()));
  return [...existing.filter((p) => !names.has(p.name.toLowerCase())), ...incoming].slice(-MAX_USER_PRESETS);
}
