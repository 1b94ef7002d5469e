/** Rules that hold for every dialect. */
import type { Finding, Rule } from './dialect.ts';
import type { Json } from './types.ts';
import { isObject, joinPath } from './json.ts';

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours, each counted once):
 * `colour` → `color` is 1, `clor` → `color` is 1, `colro` → `color` is 1. Case is ignored.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/**
 * The known key a misspelt one most likely meant: the single closest within a third of its length (at
 * least one edit), that is not written already. Undefined when nothing is that close or two tie.
 */
export function closestKey(
  key: string,
  known: readonly string[],
  present: readonly string[],
): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  const ranked = known
    .filter((candidate) => !present.includes(candidate))
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .filter(({ distance }) => distance <= limit)
    .sort((x, y) => x.distance - y.distance);
  const [best, next] = ranked;
  return best && (!next || next.distance > best.distance) ? best.candidate : undefined;
}

/**
 * Unknown keys are kept (the provider may know them) but flagged, because a typo such as `colour` would
 * otherwise be silently ignored. Only objects whose own path is documented are inspected.
 */
const unknownKeyRule: Rule = {
  code: 'unknown-key',
  severity: 'warning',
  check(request, dialect) {
    const findings: Finding[] = [];
    const visit = (value: Json, path: string) => {
      const known = dialect.keyOrder.get(path);
      if (!known || !isObject(value)) return;
      for (const key of Object.keys(value)) {
        const childPath = joinPath(path, key);
        if (known.includes(key)) visit(value[key]!, childPath);
        else {
          const suggestion = closestKey(key, known, Object.keys(value));
          const meant = suggestion ? ` Did you mean "${suggestion}"?` : ' Check the spelling.';
          findings.push({
            path: childPath,
            message: `"${key}" is not an option Backdrop knows for ${dialect.label}${path ? ` under "${path}"` : ''}.${meant} It is kept and sent as written; the local engine ignores it.`,
            docUrl: dialect.docUrl,
            ...(suggestion && { suggestion }),
          });
        }
      }
    };
    visit(request, '');
    return findings;
  },
};

export const sharedRules: Rule[] = [unknownKeyRule];
