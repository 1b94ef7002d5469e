import type { ControlProps } from './types.ts';

export function parseNumber(text: string, integer: boolean | undefined): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return integer ? Math.round(n) : n;
}

/**
 * number: a plain numeric input. slider: a range with its number beside it (drags coalesce in undo).
 * A slider whose option is not set and has no documented default says so in both parts ("auto" in the
 * box, a hollow thumb), rather than showing a middle value the request does not have.
 */
export function NumberControl({ id, spec, doc, label, value, onChange, invalid, describedBy }: ControlProps) {
  const numeric = typeof value === 'number' ? value : undefined;
  const fallback = typeof doc?.default === 'number' ? doc.default : undefined;
  const unset = numeric === undefined && fallback === undefined;
  const input = (
    <input
      id={spec.kind === 'slider' ? `${id}-number` : id}
      type="number"
      className="control-input control-number"
      data-path={spec.kind === 'number' ? spec.path : undefined}
      data-part={spec.kind === 'slider' ? 'number' : undefined}
      aria-label={spec.kind === 'slider' ? `${label} value` : undefined}
      value={numeric ?? ''}
      placeholder={
        spec.placeholder ?? (fallback !== undefined ? String(fallback) : spec.kind === 'slider' ? 'auto' : '')
      }
      min={spec.min}
      max={spec.max}
      step={spec.step ?? (spec.integer ? 1 : 'any')}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(parseNumber(e.currentTarget.value, spec.integer))}
    />
  );
  if (spec.kind !== 'slider') return input;
  const min = spec.min ?? 0;
  const max = spec.max ?? 100;
  return (
    <div className="control-slider" role="group" aria-label={label} data-path={spec.path}>
      <input
        id={id}
        type="range"
        data-part="range"
        min={min}
        max={max}
        step={spec.step ?? 1}
        value={numeric ?? fallback ?? (min + max) / 2}
        data-unset={unset || undefined}
        aria-valuetext={unset ? 'not set (the provider decides)' : undefined}
        title={unset ? 'Not set: the provider’s own default applies. Drag or type to set it.' : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        style={
          {
            '--fill': unset ? '0%' : `${(((numeric ?? fallback ?? min) - min) / (max - min)) * 100}%`,
          } as never
        }
        onChange={(e) => onChange(parseNumber(e.currentTarget.value, spec.integer))}
      />
      {input}
    </div>
  );
}
