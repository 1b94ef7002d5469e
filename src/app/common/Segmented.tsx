import { useId } from 'react';
import './Segmented.css';

export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
  title?: string;
  /** Said beside the choice with a ≈ mark, e.g. that the local engine only approximates it. */
  note?: string;
}

interface SegmentedProps<T extends string> {
  label: string;
  value: T | null;
  options: readonly SegmentedOption<T>[];
  onChange(value: T): void;
  /** The JSON path this control edits (see panels/registry). */
  dataPath?: string;
  hideLabel?: boolean;
  size?: 'sm' | 'md';
  invalid?: boolean;
  describedBy?: string;
}

/** A row of mutually exclusive choices: native radios, so arrow keys and screen readers just work. */
export function Segmented<T extends string>(props: SegmentedProps<T>) {
  const { label, value, options, onChange, dataPath, hideLabel, size = 'md', invalid, describedBy } = props;
  const name = useId();
  return (
    <div
      role="radiogroup"
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      data-path={dataPath}
      className={`seg seg-${size}${hideLabel ? '' : ''}`}
    >
      {options.map((option) => (
        <label
          key={option.value}
          className="seg-option"
          title={option.note ? `${option.title ? `${option.title} ` : ''}≈ ${option.note}.` : option.title}
        >
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            aria-description={option.note}
          />
          <span>
            {option.label}
            {option.note ? (
              <span className="seg-mark" aria-hidden="true">
                ≈
              </span>
            ) : null}
          </span>
        </label>
      ))}
    </div>
  );
}
