/**
 * Panels made from a dialect's option docs, for a registered dialect that has no hand-laid panels: one
 * panel per top-level option, one control per documented leaf option under it, in the docs' order. The
 * control follows the doc: documented values → a choice, a boolean default → a switch, a number default →
 * a number field, anything else → text.
 */
import { getAt, optionDocs, setAt } from '../../recipe/index.ts';
import type { Dialect, OptionDoc } from '../../recipe/index.ts';
import type { ControlKind, FieldSpec, PanelSpec } from './types.ts';

/** Up to this many documented values show as a segmented control, more as a select. */
const SEGMENTED_MAX = 3;

function kindOf(doc: OptionDoc): ControlKind {
  if (doc.values?.length) return doc.values.length <= SEGMENTED_MAX ? 'segmented' : 'select';
  if (typeof doc.default === 'boolean') return 'toggle';
  if (typeof doc.default === 'number') return 'number';
  return 'text';
}

export function panelsFromDocs(dialect: Dialect): PanelSpec[] {
  const docs = optionDocs(dialect);
  const isLeaf = (doc: OptionDoc) => !docs.some((other) => other.path.startsWith(`${doc.path}.`));
  const tops = [...new Set(docs.map((doc) => doc.path.split('.')[0]!))];
  return tops.map((top): PanelSpec => {
    const head = docs.find((doc) => doc.path === top);
    const fields = docs
      .filter((doc) => (doc.path === top || doc.path.startsWith(`${top}.`)) && isLeaf(doc))
      .map((doc): FieldSpec => ({ path: doc.path, kind: kindOf(doc) }));
    return {
      id: top,
      dialect,
      title: head?.label ?? top,
      path: top,
      summary: head?.description ?? '',
      isOn: (request) => getAt(request, top) !== undefined,
      turnOff: (request) => setAt(request, top, undefined),
      fields,
    };
  });
}
