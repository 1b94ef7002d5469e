/**
 * Every panel of every dialect, in display order. Adding a panel is adding one object to a list. A
 * dialect with hand-laid panels lists them here; any other registered dialect gets panels made from its
 * option docs (docs-panels.ts), so a provider added to the recipe registry shows up without an edit here.
 */
import { optionDoc } from '../../recipe/index.ts';
import type { Dialect } from '../../recipe/index.ts';
import { claidPanels } from './claid-panels.ts';
import { deepImagePanels } from './deep-image-panels.ts';
import { panelsFromDocs } from './docs-panels.ts';
import type { FieldSpec, PanelSpec } from './types.ts';

const LAID_OUT: ReadonlyMap<Dialect, PanelSpec[]> = new Map([
  ['claid', claidPanels],
  ['deep-image', deepImagePanels],
]);

const made = new Map<Dialect, PanelSpec[]>();

/** The dialect's panels: its laid-out ones, else made once from its option docs. */
export function panelsFor(dialect: Dialect): PanelSpec[] {
  const own = LAID_OUT.get(dialect);
  if (own) return own;
  if (!made.has(dialect)) made.set(dialect, panelsFromDocs(dialect));
  return made.get(dialect)!;
}

/** The label a field shows: its own, else its option's documented one, else the last key of its path. */
export function fieldLabel(dialect: Dialect, field: FieldSpec): string {
  return (
    field.label ?? optionDoc(dialect, field.docPath ?? field.path)?.label ?? field.path.split('.').at(-1)!
  );
}

const repeated = new Map<Dialect, ReadonlySet<string>>();

/**
 * Labels that more than one field of a dialect shows (Claid's remove and blur both have a "Mode"): their
 * controls take the panel's title into their accessible name, so a screen reader can tell them apart.
 */
export function repeatedLabels(dialect: Dialect): ReadonlySet<string> {
  let labels = repeated.get(dialect);
  if (!labels) {
    const all = panelsFor(dialect).flatMap((p) => p.fields.map((f) => fieldLabel(dialect, f)));
    labels = new Set(all.filter((label, i) => all.indexOf(label) !== i));
    repeated.set(dialect, labels);
  }
  return labels;
}
