import type { Json, OptionDoc } from '../../../recipe/index.ts';
import type { FieldSpec } from '../types.ts';

export interface ControlProps {
  /** id for the <label htmlFor>; compound controls use it on their first input. */
  id: string;
  spec: FieldSpec;
  doc: OptionDoc | undefined;
  label: string;
  value: Json | undefined;
  /** `undefined` removes the option from the request. */
  onChange(value: Json | undefined): void;
  invalid: boolean;
  /** ids of the issue messages, for aria-describedby. */
  describedBy: string | undefined;
  /** Per choice (segmented, select): words for a choice the local engine only approximates. */
  marks?: (string | null)[];
}

/** Choices for a segmented/select control: the field's own, else the documented values. */
export function choicesOf(spec: FieldSpec, doc: OptionDoc | undefined) {
  if (spec.choices) return spec.choices;
  return (doc?.values ?? []).map((v) => ({ value: v.value, label: v.label, title: v.description }));
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
