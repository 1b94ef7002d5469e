import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineDiff, withContext } from './line-diff.ts';

describe('lineDiff', () => {
  it('marks the changed line of two printed requests', () => {
    const a = '{\n  "output": {\n    "format": "png"\n  }\n}';
    const b = '{\n  "output": {\n    "format": "webp"\n  }\n}';
    const changed = lineDiff(a, b).filter((l) => l.kind !== 'same');
    expect(changed).toEqual([
      { kind: 'removed', text: '    "format": "png"' },
      { kind: 'added', text: '    "format": "webp"' },
    ]);
  });

  it('always rebuilds both sides and keeps a longest common part', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', '{', '}'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (x, y) => {
        const diff = lineDiff(x.join('\n'), y.join('\n'));
        expect(diff.filter((l) => l.kind !== 'added').map((l) => l.text)).toEqual(x.join('\n').split('\n'));
        expect(diff.filter((l) => l.kind !== 'removed').map((l) => l.text)).toEqual(y.join('\n').split('\n'));
        if (x.join() === y.join()) expect(diff.every((l) => l.kind === 'same')).toBe(true);
      }),
    );
  });
});

describe('withContext', () => {
  it('folds unchanged runs away from changes', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8', 'x', '9'].join('\n');
    const b = ['1', '2', '3', '4', '5', '6', '7', '8', 'y', '9'].join('\n');
    const rows = withContext(lineDiff(a, b), 2);
    expect(rows[0]).toEqual({ kind: 'skipped', count: 6 });
    expect(rows.slice(1).map((r) => ('text' in r ? r.text : r.count))).toEqual(['7', '8', 'x', 'y', '9']);
    expect(withContext(lineDiff('a\nb', 'a\nb'))).toEqual([{ kind: 'skipped', count: 2 }]);
  });
});
