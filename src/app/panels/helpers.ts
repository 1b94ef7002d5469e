/** Small request helpers shared by the panel definitions. */
import { getAt, isObject, setAt } from '../../recipe/index.ts';
import type { Json, JsonObject } from '../../recipe/index.ts';

/** Sets `key` inside the object at `path`, first turning a `true`/string shorthand into an object. */
export function setInObject(
  request: JsonObject,
  path: string,
  key: string,
  value: Json | undefined,
  shorthandKey?: string,
): JsonObject {
  const current = getAt(request, path);
  let base: JsonObject = {};
  if (isObject(current)) base = current;
  else if (shorthandKey && typeof current === 'string') base = { [shorthandKey]: current };
  const next = setAt(base, key, value);
  return setAt(request, path, next);
}

/** Removes every path listed (panel off). */
export function without(request: JsonObject, ...paths: string[]): JsonObject {
  return paths.reduce((r, p) => setAt(r, p, undefined), request);
}

/** A transparent background colour at `path` becomes white (when the output can no longer hold alpha). */
export function opaqueIfTransparent(request: JsonObject, path: string): JsonObject {
  return getAt(request, path) === 'transparent' ? setAt(request, path, '#FFFFFF') : request;
}

export function hasAny(request: JsonObject, ...paths: string[]): boolean {
  return paths.some((p) => getAt(request, p) !== undefined);
}
