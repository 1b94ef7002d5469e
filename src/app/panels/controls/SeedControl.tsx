import { useState } from 'react';
import { DiceIcon, LockIcon } from '../../common/icons.tsx';
import { parseNumber } from './NumberControl.tsx';
import type { ControlProps } from './types.ts';

const MAX_SEED = 99_999;
const rollSeed = () => Math.floor(Math.random() * MAX_SEED) + 1;

/**
 * The generator's seed (sample_num). Locked = the number is in the request, so every run looks the same;
 * unlocked = no number, so each run is a fresh variation. Re-roll picks a new number and locks it.
 */
export function SeedControl({ id, spec, label, value, onChange, invalid, describedBy }: ControlProps) {
  const locked = typeof value === 'number';
  const [remembered, setRemembered] = useState<number>(locked ? value : rollSeed());
  const shown = locked ? value : remembered;
  const set = (n: number) => {
    setRemembered(n);
    onChange(n);
  };
  return (
    <div className="control-seed">
      <input
        id={id}
        type="number"
        className="control-input control-number"
        data-path={spec.path}
        min={0}
        step={1}
        value={locked ? shown : ''}
        placeholder={locked ? '' : 'random each run'}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const n = parseNumber(e.currentTarget.value, true);
          if (n === undefined) onChange(undefined);
          else set(n);
        }}
      />
      <button
        type="button"
        className="control-icon-btn"
        aria-label={`Re-roll ${label}`}
        title="Re-roll: a new variation, kept for every run"
        data-part="reroll"
        onClick={() => set(rollSeed())}
      >
        <DiceIcon />
      </button>
      <button
        type="button"
        className="control-icon-btn"
        aria-pressed={locked}
        aria-label={`Lock ${label}`}
        title={locked ? 'Locked: every run gives the same look' : 'Unlocked: every run gives a new look'}
        data-part="lock"
        onClick={() => (locked ? onChange(undefined) : onChange(shown))}
      >
        <LockIcon open={!locked} />
      </button>
    </div>
  );
}
