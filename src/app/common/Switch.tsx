import type { InputHTMLAttributes } from 'react';
import './Switch.css';

interface SwitchProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange'> {
  checked: boolean;
  onChange(checked: boolean): void;
  dataPath?: string;
}

/** An on/off switch: a native checkbox with role="switch" (keyboard and label for free). */
export function Switch({ checked, onChange, dataPath, className, ...rest }: SwitchProps) {
  return (
    <input
      type="checkbox"
      role="switch"
      className={`switch ${className ?? ''}`}
      checked={checked}
      data-path={dataPath}
      onChange={(e) => onChange(e.currentTarget.checked)}
      {...rest}
    />
  );
}
