// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Finish } from '../../recipe/finish.ts';
import { isModified, usePresets } from './preset-store.ts';

const REQUEST = { operations: { background: { color: '#FFFFFF' } }, output: { format: 'jpeg' } };
const SHADOW: Finish = { shadow: { type: 'contact', opacity: 0.4 } };

function picked(finish: Finish | null) {
  usePresets.getState().applyPreset({ kind: 'builtin', id: 'amazon-main' }, { claid: REQUEST }, finish);
  return usePresets.getState();
}

describe('isModified', () => {
  it('is false right after a pick, whatever the key order', () => {
    const state = picked(SHADOW);
    const reordered = { output: { format: 'jpeg' }, operations: { background: { color: '#FFFFFF' } } };
    expect(isModified(state, 'claid', reordered, { shadow: { opacity: 0.4, type: 'contact' } })).toBe(false);
  });

  it('is true after a panel change', () => {
    const changed = { ...REQUEST, output: { format: 'png' } };
    expect(isModified(picked(SHADOW), 'claid', changed, SHADOW)).toBe(true);
  });

  it('is true after a finishing change: another shadow, a placement, finishing switched on or off', () => {
    expect(isModified(picked(SHADOW), 'claid', REQUEST, { shadow: { type: 'drop' } })).toBe(true);
    expect(isModified(picked(SHADOW), 'claid', REQUEST, { ...SHADOW, placement: {} })).toBe(true);
    expect(isModified(picked(SHADOW), 'claid', REQUEST, null)).toBe(true);
    expect(isModified(picked(null), 'claid', REQUEST, SHADOW)).toBe(true);
    expect(isModified(picked(null), 'claid', REQUEST, null)).toBe(false);
  });

  it('is false with no preset picked, and ignores finishing in a state saved before it counted', () => {
    usePresets.getState().clearPreset();
    expect(isModified(usePresets.getState(), 'claid', {}, SHADOW)).toBe(false);
    const old = {
      active: { kind: 'builtin' as const, id: 'amazon-main' },
      applied: { claid: JSON.stringify(REQUEST) },
    };
    expect(isModified(old, 'claid', REQUEST, SHADOW)).toBe(false);
  });
});
