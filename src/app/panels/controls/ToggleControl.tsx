import { Switch } from '../../common/Switch.tsx';
import type { ControlProps } from './types.ts';

/** A boolean option: on writes true, off removes it (its documented default is off). */
export function ToggleControl({ id, spec, doc, value, onChange, invalid, describedBy }: ControlProps) {
  const checked = value === undefined ? doc?.default === true : value === true;
  return (
    <Switch
      id={id}
      dataPath={spec.path}
      checked={checked}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(on) => onChange(on ? true : doc?.default === true ? false : undefined)}
    />
  );
}
