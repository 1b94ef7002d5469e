import { describe, expect, it } from 'vitest';
import { toPlan } from './convert.ts';
import { enlargement } from './enlargement.ts';

describe('enlargement', () => {
  it('says a 400 px photo resized to 1000 px is enlarged ×2.5', () => {
    const plan = toPlan('claid', { operations: { resizing: { width: 1000, height: 750, fit: 'canvas' } } });
    const e = enlargement(plan, { width: 400, height: 300 });
    expect(e).toEqual({
      what: 'photo',
      factor: 2.5,
      atLeast: false,
      from: { width: 400, height: 300 },
      to: { width: 1000, height: 750 },
    });
  });

  it('says nothing when the photo is shrunk or kept, or enlarged under 10%', () => {
    const plan = (width: number) => toPlan('deep-image', { width, fit: 'bounds' });
    expect(enlargement(plan(1000), { width: 4000, height: 3000 })).toBeNull();
    expect(enlargement(toPlan('claid', {}), { width: 400, height: 300 })).toBeNull();
    expect(enlargement(plan(430), { width: 400, height: 300 })).toBeNull();
    expect(enlargement(plan(440), { width: 400, height: 300 })?.factor).toBeCloseTo(1.1, 5);
  });

  it('with generate, blows the object up to its item area: a lower bound without its bounds', () => {
    const plan = toPlan('deep-image', {
      background: { generate: { description: 'a table', item_area_percentage: 0.65 } },
      width: 1000,
      height: 1000,
    });
    // Without the object's bounds the whole 400 px photo stands in: at least ×2 (0.65 of 1000² / 400²).
    const guess = enlargement(plan, { width: 400, height: 400 });
    expect(guess?.what).toBe('object');
    expect(guess?.atLeast).toBe(true);
    expect(guess?.factor).toBeCloseTo(Math.sqrt((0.65 * 1000 * 1000) / (400 * 400)), 1);
    // A 190 px mug in that photo is enlarged far more.
    const mug = enlargement(
      plan,
      { width: 400, height: 400 },
      { left: 100, top: 100, width: 190, height: 190 },
    );
    expect(mug?.atLeast).toBe(false);
    expect(mug?.factor).toBeGreaterThan(4);
  });

  it('gives null for an image of unknown size', () => {
    expect(
      enlargement(toPlan('claid', { operations: { resizing: { width: 1000 } } }), { width: 0, height: 0 }),
    ).toBeNull();
  });
});
