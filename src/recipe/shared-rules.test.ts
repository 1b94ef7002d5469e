import { describe, expect, it } from 'vitest';
import { closestKey, editDistance } from './shared-rules.ts';
import { formatPasted, parse, validate } from './request.ts';
import { renameKey } from './json.ts';

describe('edit distance and the key a typo meant', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('colour', 'color')).toBe(1);
    expect(editDistance('colro', 'color')).toBe(1);
    expect(editDistance('clor', 'color')).toBe(1);
    expect(editDistance('Color', 'color')).toBe(0);
    expect(editDistance('blur', 'color')).toBe(3);
    expect(editDistance('', 'fit')).toBe(3);
  });

  it('names the one closest known key, not one already written, and nothing when two tie or none is close', () => {
    const known = ['remove', 'blur', 'color'];
    expect(closestKey('colour', known, [])).toBe('color');
    expect(closestKey('remvoe', known, [])).toBe('remove');
    expect(closestKey('colour', known, ['color'])).toBeUndefined();
    expect(closestKey('shadow', known, [])).toBeUndefined();
    expect(closestKey('ab', ['aa', 'bb'], [])).toBeUndefined();
  });

  it('the unknown-key warning asks "did you mean" and carries the suggestion', () => {
    const [issue] = validate('claid', {
      operations: { background: { remove: true, colour: '#FFFFFF' } },
      output: { format: 'png' },
    }).filter((i) => i.code === 'unknown-key');
    expect(issue).toMatchObject({ path: 'operations.background.colour', suggestion: 'color' });
    expect(issue!.message).toBe(
      '"colour" is not an option Backdrop knows for Claid under "operations.background". Did you mean "color"? It is kept and sent as written; the local engine ignores it.',
    );
    const [far] = validate('deep-image', { background: { remove: 'auto' }, shadow: true }).filter(
      (i) => i.code === 'unknown-key',
    );
    expect(far!.suggestion).toBeUndefined();
    expect(far!.message).toContain('Check the spelling.');
  });

  it('renaming the key keeps its value and its place', () => {
    const request = { operations: { background: { colour: '#FFFFFF', remove: true } } };
    const renamed = renameKey(request, 'operations.background.colour', 'color');
    expect(JSON.stringify(renamed)).toBe('{"operations":{"background":{"color":"#FFFFFF","remove":true}}}');
    expect(renameKey(request, 'operations.nothing', 'x')).toBe(request);
  });
});

describe('formatting pasted JSON', () => {
  it('lays a one-line paste out like the preview, keeping its key order', () => {
    const text = '{"output":{"format":"png"},"operations":{"background":{"remove":true,"color":[1,2,3]}}}';
    expect(formatPasted(text)).toBe(
      [
        '{',
        '  "output": {',
        '    "format": "png"',
        '  },',
        '  "operations": {',
        '    "background": {',
        '      "remove": true,',
        '      "color": [1, 2, 3]',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('wraps a docs fragment in its braces, and leaves broken JSON and repeated keys as pasted', () => {
    expect(parse(formatPasted('"background": {"remove": "auto"}')).issues).toEqual([]);
    expect(formatPasted('{"a": 1,}')).toBe('{"a": 1,}');
    expect(formatPasted('{"a": 1, "a": 2}')).toBe('{"a": 1, "a": 2}');
  });
});
