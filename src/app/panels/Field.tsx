/** One generated control: label, default badge, ⓘ with the docs' words, the control, its rule messages. */
import { memo, useId, useState } from 'react';
import { getAt, optionDoc, setAt } from '../../recipe/index.ts';
import type { Dialect, Issue, Json, JsonObject } from '../../recipe/index.ts';
import { useEditor } from '../state/editor-store.ts';
import { InfoIcon, ExternalIcon } from '../common/icons.tsx';
import { ChoiceControl } from './controls/ChoiceControl.tsx';
import { ToggleControl } from './controls/ToggleControl.tsx';
import { TextControl } from './controls/TextControl.tsx';
import { NumberControl } from './controls/NumberControl.tsx';
import { LengthControl } from './controls/LengthControl.tsx';
import { ColorHexControl } from './controls/ColorHexControl.tsx';
import { ColorRgbControl } from './controls/ColorRgbControl.tsx';
import { SeedControl } from './controls/SeedControl.tsx';
import type { ControlProps } from './controls/types.ts';
import type { ControlKind, FieldSpec } from './types.ts';
import type { LocalMarks } from './local-marks.ts';
import { fieldLabel } from './registry.ts';

const CONTROLS: Record<ControlKind, (props: ControlProps) => React.ReactNode> = {
  toggle: ToggleControl,
  segmented: ChoiceControl,
  select: ChoiceControl,
  format: ChoiceControl,
  text: TextControl,
  url: TextControl,
  number: NumberControl,
  slider: NumberControl,
  length: LengthControl,
  'color-hex': ColorHexControl,
  'color-rgb': ColorRgbControl,
  seed: SeedControl,
};

/** Kinds whose label sits beside the control on one row. */
const INLINE: ControlKind[] = ['toggle'];

function showDefault(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

interface FieldProps {
  spec: FieldSpec;
  dialect: Dialect;
  value: Json | undefined;
  issues: Issue[] | undefined;
  /** While the local engine is chosen: what it only approximates among this control's choices. */
  local?: LocalMarks;
  /** The panel's title, when another panel has a field with the same label (see REPEATED_LABELS). */
  context?: string;
}

export const Field = memo(function Field({ spec, dialect, value, issues, local, context }: FieldProps) {
  const id = useId();
  const [helpOpen, setHelpOpen] = useState(false);
  const editRequest = useEditor((s) => s.editRequest);
  const doc = optionDoc(dialect, spec.docPath ?? spec.path);
  const shown = fieldLabel(dialect, spec);
  // What assistive technology hears: the panel's title added where the same label appears twice.
  const label = context ? `${shown} (${context})` : shown;
  const Control = CONTROLS[spec.kind];
  const onChange = (next: Json | undefined) =>
    editRequest((r: JsonObject) => (spec.write ? spec.write(r, next) : setAt(r, spec.path, next)), {
      coalesceKey: spec.path,
    });
  const hasDefault = doc?.default !== undefined;
  const atDefault =
    hasDefault && (value === undefined || JSON.stringify(value) === JSON.stringify(doc.default));
  const issueIds = issues?.map((_, i) => `${id}-issue-${i}`).join(' ') || undefined;
  const invalid = issues?.some((i) => i.severity === 'error') ?? false;
  const inline = INLINE.includes(spec.kind);
  const controlProps = {
    ...{ id, spec, doc, label, value, onChange, invalid },
    describedBy: issueIds,
    marks: local?.choices,
  };
  return (
    <div
      className={`field${inline ? ' field-inline' : ''}${spec.half ? ' field-half' : ''}`}
      data-field={spec.path}
    >
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {shown}
          {context ? <span className="visually-hidden"> ({context})</span> : null}
        </label>
        {atDefault ? (
          <span className="field-default" title={`Documented default: ${showDefault(doc.default)}`}>
            default
          </span>
        ) : null}
        <button
          type="button"
          className="field-info"
          aria-label={`About ${label}`}
          aria-expanded={helpOpen}
          aria-controls={`${id}-help`}
          onClick={() => setHelpOpen(!helpOpen)}
        >
          <InfoIcon />
        </button>
        {inline ? (
          <span className="field-inline-control">
            <Control {...controlProps} />
          </span>
        ) : null}
      </div>
      {helpOpen && doc ? (
        <div className="field-help" id={`${id}-help`}>
          <p>{doc.description}</p>
          {hasDefault ? (
            <p>
              <strong>Default:</strong> <code>{showDefault(doc.default)}</code>
              {doc.defaultNote ? ` — ${doc.defaultNote}` : null}
            </p>
          ) : null}
          {doc.values && spec.kind !== 'toggle' ? (
            <ul>
              {doc.values.map((v) => (
                <li key={JSON.stringify(v.value)}>
                  <code>{showDefault(v.value)}</code> {v.description}
                </li>
              ))}
            </ul>
          ) : null}
          <a href={doc.docUrl} target="_blank" rel="noreferrer">
            Read in the docs <ExternalIcon />
          </a>
        </div>
      ) : null}
      {inline ? null : <Control {...controlProps} />}
      {local?.notes.map((row) => (
        <p key={row.id} className="field-local" data-local-approximation={row.id}>
          <strong>≈ {row.short}.</strong> {row.detail}
        </p>
      ))}
      {spec.keepEmpty && value === '' && !issues?.length ? (
        <p className="field-issue field-issue-todo" data-issue="empty">
          Fill this in to run, or switch the panel off.
        </p>
      ) : null}
      {issues?.map((issue, i) => (
        <p
          key={i}
          id={`${id}-issue-${i}`}
          className={`field-issue field-issue-${issue.severity}`}
          data-issue={issue.code}
        >
          {issue.message}
        </p>
      ))}
    </div>
  );
});

export function fieldValue(spec: FieldSpec, request: JsonObject): Json | undefined {
  return spec.read ? spec.read(request) : getAt(request, spec.path);
}
