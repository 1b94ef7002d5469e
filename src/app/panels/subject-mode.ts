/**
 * Claid's remove and blur share one shape: `true`, or an object with either a `category` or a `selective`
 * object to keep (never both), plus their own extras. This turns that shape into a three-way mode.
 */
import { getAt, isObject, setAt } from '../../recipe/index.ts';
import type { Json, JsonObject } from '../../recipe/index.ts';
import type { Choice, FieldSpec } from './types.ts';

export type SubjectMode = 'auto' | 'category' | 'selective';

const SUBJECT_MODES: Choice[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'category', label: 'By category' },
  { value: 'selective', label: 'Selective' },
];

function subjectModeOf(value: Json | undefined): SubjectMode | undefined {
  if (value === undefined || value === false) return undefined;
  if (!isObject(value)) return 'auto';
  if (value.selective !== undefined) return 'selective';
  if (value.category !== undefined) return 'category';
  return 'auto';
}

/** Switches mode keeping the extras (clipping, type, level) that the other modes share. */
function withSubjectMode(value: Json | undefined, mode: SubjectMode, defaultCategory: string): Json {
  const extras: JsonObject = isObject(value) ? { ...value } : {};
  const previousSelective = isObject(value) ? value.selective : undefined;
  delete extras.category;
  delete extras.selective;
  if (mode === 'auto') return Object.keys(extras).length > 0 ? extras : true;
  if (mode === 'category') return { category: defaultCategory, ...extras };
  const selective = isObject(previousSelective) ? previousSelective : { object_to_keep: '' };
  return { selective, ...extras };
}

/** Sets an extra (`clipping`, `type`, …) on a `true`-or-object value, back to `true` when nothing is left. */
export function setSubjectExtra(request: JsonObject, path: string, key: string, value: Json | undefined) {
  const current = getAt(request, path);
  const base: JsonObject = isObject(current) ? current : {};
  const next = setAt(base, key, value);
  return setAt(request, path, Object.keys(next).length > 0 ? next : true);
}

export function subjectModeField(path: string, defaultCategory: string): FieldSpec {
  return {
    path,
    kind: 'segmented',
    label: 'Mode',
    choices: SUBJECT_MODES,
    // "By category" says nothing the category itself ("Cars") does not.
    inSummary: (mode) => mode !== 'category',
    read: (r) => subjectModeOf(getAt(r, path)),
    write: (r, mode) => setAt(r, path, withSubjectMode(getAt(r, path), mode as SubjectMode, defaultCategory)),
  };
}

const inMode =
  (path: string, mode: SubjectMode) =>
  (request: JsonObject): boolean => {
    const value = getAt(request, path);
    if (mode === 'category')
      return subjectModeOf(value) === 'category' || (isObject(value) && 'category' in value);
    if (mode === 'selective') return isObject(value) && 'selective' in value;
    return subjectModeOf(value) === mode;
  };

/** Category as a plain name, or as `{type, version}` when a model version is pinned. */
export function categoryFields(path: string, withVersion: boolean): FieldSpec[] {
  const categoryPath = `${path}.category`;
  const fields: FieldSpec[] = [
    {
      path: categoryPath,
      kind: 'segmented',
      visible: inMode(path, 'category'),
      read: (r) => {
        const c = getAt(r, categoryPath);
        return isObject(c) ? c.type : c;
      },
      write: (r, v) => {
        const c = getAt(r, categoryPath);
        return setAt(r, categoryPath, isObject(c) && v !== undefined ? { ...c, type: v } : v);
      },
    },
  ];
  if (withVersion) {
    fields.push({
      path: `${categoryPath}.version`,
      kind: 'text',
      advanced: true,
      placeholder: 'latest',
      visible: inMode(path, 'category'),
      write: (r, v) => {
        const c = getAt(r, categoryPath);
        const type = isObject(c) ? c.type : c;
        if (v === undefined || v === '') return setAt(r, categoryPath, type ?? 'products');
        return setAt(r, categoryPath, { ...(isObject(c) ? c : {}), type: type ?? 'products', version: v });
      },
    });
  }
  fields.push({
    path: `${path}.selective.object_to_keep`,
    kind: 'text',
    placeholder: 'e.g. bottle',
    keepEmpty: true,
    visible: inMode(path, 'selective'),
  });
  return fields;
}
