import { useState } from 'react';
import { Segmented } from '../../common/Segmented.tsx';
import type { ControlProps } from './types.ts';

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * A colour option written as "#RRGGBB", next to its documented words ("transparent", "auto"): a mode
 * row, then a native picker and a hex field that accepts typing and pasting.
 */
export function ColorHexControl({
  id,
  spec,
  doc,
  label,
  value,
  onChange,
  invalid,
  describedBy,
}: ControlProps) {
  const words = (doc?.values ?? [])
    .map((v) => v.value)
    .filter((v): v is string => typeof v === 'string' && !v.startsWith('#'));
  const current = typeof value === 'string' ? value : undefined;
  const isWord = current !== undefined && words.includes(current);
  const [lastHex, setLastHex] = useState(current && !isWord ? current : '#FFFFFF');
  const hex = current !== undefined && !isWord ? current : lastHex;
  const [draft, setDraft] = useState<string | null>(null);
  const mode = isWord ? current : current === undefined ? null : 'hex';
  const setHex = (next: string) => {
    setLastHex(next);
    onChange(next);
  };
  return (
    <div className="control-color" role="group" aria-label={label} data-path={spec.path}>
      <Segmented
        label={`${label} mode`}
        size="sm"
        value={mode}
        options={[
          ...words.map((w) => ({ value: w, label: w[0]!.toUpperCase() + w.slice(1) })),
          { value: 'hex', label: 'Colour' },
        ]}
        onChange={(m) => (m === 'hex' ? setHex(hex) : onChange(m))}
      />
      <div className="control-color-row" data-disabled={mode !== 'hex' || undefined}>
        <input
          type="color"
          className="control-swatch"
          data-part="picker"
          aria-label={`${label} picker`}
          value={HEX.test(hex) ? hex.toLowerCase() : '#ffffff'}
          onChange={(e) => setHex(e.currentTarget.value.toUpperCase())}
        />
        <input
          id={id}
          type="text"
          className="control-input control-hex"
          data-part="hex"
          aria-label={`${label} hex`}
          spellCheck={false}
          autoComplete="off"
          maxLength={9}
          value={draft ?? hex}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onFocus={() => setDraft(hex)}
          onBlur={() => setDraft(null)}
          onChange={(e) => {
            const text = e.currentTarget.value.trim();
            setDraft(text);
            const normal = text.startsWith('#') ? text : `#${text}`;
            // Only whole colours reach the request; half-typed ones stay in the field.
            if (HEX.test(normal)) setHex(normal.toUpperCase());
          }}
        />
      </div>
    </div>
  );
}
