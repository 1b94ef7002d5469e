import type { Json } from '../../../recipe/index.ts';
import type { ControlProps } from './types.ts';

const toHex = (rgb: number[]) =>
  '#' + rgb.map((c) => Math.max(0, Math.min(255, c)).toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

function asRgb(value: Json | undefined): number[] | undefined {
  return Array.isArray(value) && value.length === 3 && value.every((c) => typeof c === 'number')
    ? (value as number[])
    : undefined;
}

/** A colour written as [r, g, b] (Deep-Image generate.color): a picker plus the three channels. */
export function ColorRgbControl({ id, spec, label, value, onChange, invalid, describedBy }: ControlProps) {
  const rgb = asRgb(value);
  const shown = rgb ?? [255, 255, 255];
  const setChannel = (index: number, text: string) => {
    const n = Math.round(Number(text));
    if (text === '' || !Number.isFinite(n)) return;
    const next = shown.slice();
    next[index] = Math.max(0, Math.min(255, n));
    onChange(next);
  };
  return (
    <div className="control-rgb" role="group" aria-label={label} data-path={spec.path}>
      <input
        id={id}
        type="color"
        className="control-swatch"
        data-part="picker"
        value={toHex(shown)}
        data-unset={rgb ? undefined : true}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(fromHex(e.currentTarget.value))}
      />
      {(['R', 'G', 'B'] as const).map((channel, i) => (
        <label key={channel} className="control-rgb-channel">
          <span aria-hidden="true">{channel}</span>
          <input
            type="number"
            className="control-input control-number"
            data-part={channel.toLowerCase()}
            aria-label={`${label} ${['red', 'green', 'blue'][i]}`}
            min={0}
            max={255}
            step={1}
            value={rgb ? shown[i] : ''}
            placeholder="–"
            onChange={(e) => setChannel(i, e.currentTarget.value)}
          />
        </label>
      ))}
    </div>
  );
}
