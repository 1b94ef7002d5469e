/** Rules that hold for every dialect. */
import type { Finding, Rule } from './dialect.ts';
import type { Json } from './types.ts';
import { isObject, joinPath } from './json.ts';

/**
 * Unknown keys are kept (the provider may know them) but flagged, because a typo such as `colour` would
 * otherwise be silently ignored. Only objects whose own path is documented are inspected.
 */
export const unknownKeyRule: Rule = {
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
          findings.push({
            path: childPath,
            message: `"${key}" is not an option Backdrop knows for ${dialect.label}${path ? ` under "${path}"` : ''}. It is kept and sent as written, but check the spelling; the local engine ignores it.`,
            docUrl: dialect.docUrl,
          });
        }
      }
    };
    visit(request, '');
    return findings;
  },
};

export const sharedRules: Rule[] = [unknownKeyRule];
