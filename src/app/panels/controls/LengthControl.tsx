import { useState } from 'react';
import { Segmented } from '../../common/Segmented.tsx';
import { parseNumber } from './NumberControl.tsx';
import type { ControlProps } from './types.ts';

type Unit = 'px' | '%';

/** A length in pixels (a number) or percent (a string like "50%"), as both dialects write sizes. */
export function LengthControl({ id, spec, label, value, onChange, invalid, describedBy }: ControlProps) {
  const units = spec.units ?? ['px'];
  const fromValue: Unit | undefined =
    typeof value === 'string' && value.trim().endsWith('%')
      ? '%'
      : typeof value === 'number'
        ? 'px'
        : undefined;
  const [chosenUnit, setChosenUnit] = useState<Unit>(fromValue ?? units[0] ?? 'px');
  const unit = fromValue ?? chosenUnit;
  const amount =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.replace('%', '') : '';
  const write = (text: string, nextUnit: Unit) => {
    const n = parseNumber(text, nextUnit === 'px');
    if (n === undefined) return onChange(text.trim() === '' ? undefined : value);
    onChange(nextUnit === '%' ? `${n}%` : n);
  };
  return (
    <div className="control-length" role="group" aria-label={label} data-path={spec.path}>
      <input
        id={id}
        type="number"
        className="control-input control-number"
        data-part="amount"
        min={0}
        step={unit === 'px' ? 1 : 'any'}
        value={amount}
        placeholder={spec.placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => write(e.currentTarget.value, unit)}
      />
      {units.length > 1 ? (
        <Segmented
          label={`${label} unit`}
          size="sm"
          value={unit}
          options={units.map((u) => ({ value: u, label: u }))}
          onChange={(next) => {
            setChosenUnit(next);
            if (amount !== '') write(amount, next);
          }}
        />
      ) : (
        <span className="control-unit">{units[0]}</span>
      )}
    </div>
  );
}
