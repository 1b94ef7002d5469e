import { describe, expect, it } from 'vitest';
import { checkTally } from './BatchSummary.tsx';
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
            measured: '72.0% (product 1000 × 1440 px in 2000 × 2000; Backdrop’s mask)',
            limit: '≥ 85%',
            fix: 'Padding 12% → 7.5% or less.',
          },
        ],
      }),
    ).toEqual([
      {
        head: 'Fails: Product fills 85% of the frame — 72.0%.',
        fix: 'Padding 12% → 7.5% or less.',
      },
    ]);
  });

  it('puts failures before warnings', () => {
    const lines = complianceLines({
      preset: 'amazon-main',
      status: 'fail',
      issues: [
        { id: 'white-background', status: 'warn', measured: '97.9% white', limit: '≥ 99%' },
        { id: 'fill-ratio', status: 'fail', measured: '60.0%', limit: '≥ 85%' },
      ],
    });
    expect(lines.map((l) => l.head)).toEqual([
      'Fails: Product fills 85% of the frame — 60.0%.',
      'Warning: Pure white background — 97.9% white.',
    ]);
  });

  it('says every rule passes when none is listed', () => {
    expect(complianceLines({ preset: 'amazon-main', status: 'pass', issues: [] })).toEqual([
      { head: 'Every rule of Amazon main image passes.' },
    ]);
  });
});

describe('checkTally', () => {
  it('counts the verdicts in pass, warn, fail order and leaves out what is zero', () => {
    expect(checkTally(['warn', 'pass', 'pass', 'fail', 'pass'])).toBe('3 pass · 1 warn · 1 fail');
    expect(checkTally(['pass', 'pass'])).toBe('2 pass');
    expect(checkTally([])).toBe('');
  });
});
