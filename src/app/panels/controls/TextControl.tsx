import type { ControlProps } from './types.ts';

/** Free text and URLs. Emptying the field removes the option, except where the key must stay. */
export function TextControl({ id, spec, value, onChange, invalid, describedBy }: ControlProps) {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return (
    <input
      id={id}
      type={spec.kind === 'url' ? 'url' : 'text'}
      className="control-input"
      data-path={spec.path}
      value={text}
      placeholder={spec.placeholder ?? (spec.kind === 'url' ? 'https://…' : '')}
      spellCheck={spec.kind !== 'url'}
      autoComplete="off"
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => {
        const next = e.currentTarget.value;
        onChange(next === '' && !spec.keepEmpty ? undefined : next);
      }}
    />
  );
}
