import { useState } from 'react';
import { Segmented } from '../../common/Segmented.tsx';
import { colorProblem, parseColor } from './css-color.ts';
import type { ControlProps } from './types.ts';

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * A colour option written as "#RRGGBB", next to its documented words ("transparent", "auto"): a mode
 * row, then a native picker and a field that takes six or three hex digits or a CSS colour name. Six
 * digits apply as typed; anything else on Enter or leaving the field, and what is not a colour stays in
 * the field with a sentence saying why (Escape puts the colour back).
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
  const [problem, setProblem] = useState<string | null>(null);
  const mode = isWord ? current : current === undefined ? null : 'hex';
  const setHex = (next: string) => {
    setLastHex(next);
    onChange(next);
  };
  const commit = (text: string) => {
    const word = words.find((w) => w === text.trim().toLowerCase());
    const parsed = word ? null : parseColor(text);
    if (word) onChange(word);
    else if (parsed) setHex(parsed);
    else if (text.trim() !== '') {
      setProblem(colorProblem(text));
      return;
    }
    setProblem(null);
    setDraft(null);
  };
  const problemId = `${id}-problem`;
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
          maxLength={40}
          value={draft ?? hex}
          aria-invalid={invalid || problem !== null || undefined}
          aria-describedby={[describedBy, problem ? problemId : null].filter(Boolean).join(' ') || undefined}
          onFocus={() => setDraft(draft ?? hex)}
          onBlur={(e) => commit(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
            if (e.key === 'Escape' && draft !== null) {
              e.stopPropagation();
              setDraft(hex);
              setProblem(null);
            }
          }}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setDraft(text);
            setProblem(null);
            // Six digits are a whole colour: apply at once, so the swatch follows the typing.
            const normal = text.trim().startsWith('#') ? text.trim() : `#${text.trim()}`;
            if (HEX.test(normal)) setHex(normal.toUpperCase());
          }}
        />
      </div>
      {problem ? (
        <p id={problemId} className="field-issue field-issue-error" role="alert" data-issue="color">
          {problem} The request keeps {current ?? hex}.
        </p>
      ) : null}
    </div>
  );
}
