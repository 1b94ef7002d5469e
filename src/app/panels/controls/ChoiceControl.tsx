/** segmented and select: one of the documented values (or the field's own choices). */
import { Segmented } from '../../common/Segmented.tsx';
import { choicesOf, sameJson, type ControlProps } from './types.ts';

export function ChoiceControl(props: ControlProps) {
  const { id, spec, doc, label, value, onChange, invalid, describedBy, marks } = props;
  const choices = choicesOf(spec, doc);
  const shown = value === undefined ? doc?.default : value;
  const selected = choices.findIndex((c) => sameJson(c.value, shown));
  const pick = (index: string) => {
    const choice = choices[Number(index)];
    onChange(choice ? choice.value : undefined);
  };
  if (spec.kind === 'select') {
    // A native option can carry no mark; the marked choices are named under the list instead.
    const marked = choices.flatMap((c, i) =>
      marks?.[i] && i !== selected ? [`${c.label}: ${marks[i]}`] : [],
    );
    return (
      <>
        <select
          id={id}
          className="control-select"
          data-path={spec.path}
          value={value === undefined ? '' : String(choices.findIndex((c) => sameJson(c.value, value)))}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => pick(e.currentTarget.value)}
        >
          <option value="">
            {doc?.default !== undefined
              ? `Default (${choices[selected]?.label ?? String(doc.default)})`
              : 'Not set'}
          </option>
          {choices.map((c, i) => (
            <option key={i} value={String(i)} title={marks?.[i] ? `≈ ${marks[i]}` : undefined}>
              {c.label}
            </option>
          ))}
          {value !== undefined && selected < 0 ? (
            <option value="-1">{JSON.stringify(value)} (custom)</option>
          ) : null}
        </select>
        {marked.length > 0 ? (
          <p className="field-local-hint" data-testid="local-hint">
            ≈ {marked.join('; ')}.
          </p>
        ) : null}
      </>
    );
  }
  return (
    <Segmented
      label={label}
      dataPath={spec.path}
      value={selected >= 0 ? String(selected) : null}
      options={choices.map((c, i) => ({
        value: String(i),
        label: c.label,
        title: 'title' in c ? String(c.title) : undefined,
        note: marks?.[i] ?? undefined,
      }))}
      onChange={pick}
      invalid={invalid}
      describedBy={describedBy}
      size="sm"
    />
  );
}
