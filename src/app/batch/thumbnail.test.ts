import { describe, expect, it } from 'vitest';
import { fitWithin, halvingSteps, THUMB_MAX } from './thumbnail.ts';

describe('fitWithin', () => {
  it('puts the longest side on THUMB_MAX and keeps the aspect ratio; never enlarges', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: THUMB_MAX, height: 240 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 240, height: THUMB_MAX });
    expect(fitWithin(200, 100)).toEqual({ width: 200, height: 100 });
    expect(fitWithin(10000, 10)).toEqual({ width: THUMB_MAX, height: 1 });
  });
});

describe('halvingSteps', () => {
  it('halves a 12 MP photo while each step stays at least twice the thumbnail', () => {
    expect(halvingSteps(4000, 3000, { width: 320, height: 240 })).toEqual([
      { width: 2000, height: 1500 },
      { width: 1000, height: 750 },
    ]);
  });
  it('has no step for a photo already under twice the thumbnail', () => {
    expect(halvingSteps(600, 450, { width: 320, height: 240 })).toEqual([]);
  });
});
