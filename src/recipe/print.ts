/** Canonical JSON: docs' key order, unknown keys after known ones, arrays of scalars on one line. */
import type { Json, JsonObject, OptionDoc } from './types.ts';
import { isObject, joinPath, putKey } from './json.ts';

/** Parent path → its documented child keys, in the order the docs present them. */
export type KeyOrder = ReadonlyMap<string, readonly string[]>;

/** Derives the key order from the option docs, so adding an option doc also places its key. */
export function keyOrderFromDocs(docs: readonly OptionDoc[]): KeyOrder {
  const order = new Map<string, string[]>();
  for (const doc of docs) {
    const keys = doc.path.split('.');
    for (let i = 0; i < keys.length; i++) {
      const parent = keys.slice(0, i).join('.');
      const siblings = order.get(parent) ?? [];
      if (!siblings.includes(keys[i]!)) siblings.push(keys[i]!);
      order.set(parent, siblings);
    }
  }
  return order;
}

/** A copy whose object keys follow the documented order; unknown keys keep their relative order. */
export function orderKeys(value: Json, order: KeyOrder, path = ''): Json {
  if (Array.isArray(value)) return value.map((item) => orderKeys(item, order, path));
  if (!isObject(value)) return value;
  const known = order.get(path) ?? [];
  const keys = Object.keys(value);
  const sorted = [
    ...known.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !known.includes(key)),
  ];
  const result: JsonObject = {};
  for (const key of sorted) putKey(result, key, orderKeys(value[key]!, order, joinPath(path, key)));
  return result;
}

/** JSON text with 2-space indentation where arrays of scalars stay on one line: `[217, 179, 190]`. */
export function formatJson(value: Json, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    }
    const inner = indent + '  ';
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    const inner = indent + '  ';
    const lines = keys.map((key) => `${inner}${JSON.stringify(key)}: ${formatJson(value[key]!, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
