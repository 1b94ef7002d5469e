/**
 * Fields that must stay in the request once their panel is on (FieldSpec.keepEmpty) but are still empty:
 * not a rule warning (switching the panel on is not a mistake), yet nothing to run with. Run reads these
 * as blocking, with the words the field shows.
 */
import { optionDoc } from '../../recipe/index.ts';
import type { Dialect, Issue, JsonObject } from '../../recipe/index.ts';
import { fieldValue } from './Field.tsx';
import { panelsFor } from './registry.ts';

export function emptyFieldIssues(dialect: Dialect, request: JsonObject): Issue[] {
  return panelsFor(dialect).flatMap((panel) =>
    panel.isOn(request)
      ? panel.fields
          .filter((f) => f.keepEmpty && (!f.visible || f.visible(request)) && fieldValue(f, request) === '')
          .map((f) => ({
            severity: 'error' as const,
            code: 'empty',
            path: f.path,
            message: `Fill in “${f.label ?? optionDoc(dialect, f.path)?.label ?? f.path}”, or switch ${panel.title} off.`,
          }))
      : [],
  );
}
