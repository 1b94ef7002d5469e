import { describe, expect, it } from 'vitest';
import { complianceLines } from './ComplianceBadge.tsx';

describe('complianceLines', () => {
  it('names each rule that did not pass by its title, with what was measured, the limit and the fix', () => {
    expect(
      complianceLines({
        preset: 'amazon-main',
        status: 'fail',
        issues: [
          {
            id: 'fill-ratio',
            status: 'fail',
            measured: '72.0%',
            limit: '≥ 85%',
            fix: 'Padding 12% → 7.5% or less.',
          },
        ],
      }),
    ).toEqual(['Fails — Product fills 85% of the frame: 72.0% (limit ≥ 85%). Padding 12% → 7.5% or less.']);
  });

  it('says every rule passes when none is listed', () => {
    expect(complianceLines({ preset: 'amazon-main', status: 'pass', issues: [] })).toEqual([
      'Every rule of Amazon main image passes.',
    ]);
  });
});
