/** The older `remove_background: {type, background}` form still shown on Deep-Image's page. */
import type { LegacyForm } from '../dialect.ts';
import type { JsonObject } from '../types.ts';
import { isObject, putKey } from '../json.ts';

/** The same request in the current form, or undefined when there is nothing legacy in it. */
export function modernizeDeepImage(request: JsonObject): LegacyForm | undefined {
  const legacy = request.remove_background;
  if (legacy === undefined) return undefined;
  const old = isObject(legacy) ? legacy : {};
  const background: JsonObject = { remove: old.type ?? 'auto' };
  if (old.background !== undefined) background.color = old.background;
  // An existing modern `background` wins key by key: it is what the provider follows.
  const current = isObject(request.background) ? request.background : {};
  const modern: JsonObject = {};
  for (const [key, value] of Object.entries(request)) {
    if (key === 'remove_background') continue;
    putKey(modern, key, key === 'background' ? { ...background, ...current } : value);
  }
  if (!('background' in modern)) modern.background = background;
  return {
    path: 'remove_background',
    modern,
    message: `"remove_background" is the older form; the current one is ${JSON.stringify({ background })}.`,
  };
}
