/** Small helpers for plain JSON values: type guards and immutable dotted-path access. */
import type { Json, JsonObject } from './types.ts';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Assigns as an own data property, so a hostile `__proto__` key stays plain data. */
export function putKey(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

export function joinPath(...parts: (string | number)[]): string {
  return parts.filter((part) => part !== '').join('.');
}

/** Dotted path lookup; array items are addressed by index (`background.generate.color.1`). */
export function getAt(request: Json | undefined, path: string): Json | undefined {
  let node: Json | undefined = request;
  for (const key of splitPath(path)) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    else return undefined;
  }
  return node;
}

/**
 * Immutable set. `undefined` deletes the key and prunes parents that became empty, so switching a panel
 * off leaves no `{}` behind in the JSON preview. An existing key keeps its place in key order.
 */
export function setAt(request: JsonObject, path: string, value: Json | undefined): JsonObject {
  const keys = splitPath(path);
  if (keys.length === 0) {
    if (value === undefined) return {};
    if (!isObject(value)) throw new Error('setAt: the whole request must be a JSON object.');
    return value;
  }
  return (setIn(request, keys, value) as JsonObject | undefined) ?? {};
}

function setIn(node: Json | undefined, keys: string[], value: Json | undefined): Json | undefined {
  const [key, ...rest] = keys as [string, ...string[]];
  const child = rest.length === 0 ? value : setIn(getAt(node, key), rest, value);
  if (Array.isArray(node) && /^\d+$/.test(key)) {
    const copy = node.slice();
    if (child === undefined) copy.splice(Number(key), 1);
    else copy[Number(key)] = child;
    return copy;
  }
  const copy: JsonObject = isObject(node) ? { ...node } : {};
  if (child === undefined) delete copy[key];
  else putKey(copy, key, child);
  return Object.keys(copy).length === 0 ? undefined : copy;
}

/**
 * Renames the last key of `path` in place (same position among its siblings, same value), e.g. a misspelt
 * `operations.background.colour` to `color`. The request is returned unchanged when there is no such key.
 */
export function renameKey(request: JsonObject, path: string, to: string): JsonObject {
  const keys = splitPath(path);
  const from = keys.pop();
  const parentPath = keys.join('.');
  const parent = parentPath ? getAt(request, parentPath) : request;
  if (from === undefined || !isObject(parent) || !Object.prototype.hasOwnProperty.call(parent, from))
    return request;
  // fromEntries defines own properties, so even a key named __proto__ stays plain data.
  const renamed = Object.fromEntries(Object.entries(parent).map(([k, v]) => [k === from ? to : k, v]));
  return parentPath ? setAt(request, parentPath, renamed) : renamed;
}
