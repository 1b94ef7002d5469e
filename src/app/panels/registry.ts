/** Every panel of every dialect, in display order. Adding a panel is adding one object to a list. */
import { optionDoc } from '../../recipe/index.ts';
import type { Dialect } from '../../recipe/index.ts';
import { claidPanels } from './claid-panels.ts';
import { deepImagePanels } from './deep-image-panels.ts';
import type { FieldSpec, PanelSpec } from './types.ts';

export const PANELS: Record<Dialect, PanelSpec[]> = {
  claid: claidPanels,
  'deep-image': deepImagePanels,
};

/** The label a field shows: its own, else its option's documented one, else the last key of its path. */
export function fieldLabel(dialect: Dialect, field: FieldSpec): string {
  return (
    field.label ?? optionDoc(dialect, field.docPath ?? field.path)?.label ?? field.path.split('.').at(-1)!
  );
}

/**
 * Labels that more than one field of a dialect shows (Claid's remove and blur both have a "Mode"): their
 * controls take the panel's title into their accessible name, so a screen reader can tell them apart.
 */
function repeatedLabels(dialect: Dialect): ReadonlySet<string> {
  const labels = PANELS[dialect].flatMap((p) => p.fields.map((f) => fieldLabel(dialect, f)));
  return new Set(labels.filter((label, i) => labels.indexOf(label) !== i));
}

export const REPEATED_LABELS: Record<Dialect, ReadonlySet<string>> = {
  claid: repeatedLabels('claid'),
  'deep-image': repeatedLabels('deep-image'),
};
