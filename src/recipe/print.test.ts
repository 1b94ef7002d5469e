import { describe, expect, it } from 'vitest';
import { defaultRequest, detectDialect, print, validate } from './index.ts';

describe('print', () => {
  it('2-space indentation, arrays of scalars on one line, docs key order at every level', () => {
    const request = {
      background: {
        generate: { color: [217, 179, 190], item_area_percentage: 0.65, description: 'plain white' },
      },
      height: 1000,
      url: 'https://deep-image.ai/api-example.png',
      width: 1000,
    };
    expect(print(request, 'deep-image')).toBe(
      [
        '{',
        '  "url": "https://deep-image.ai/api-example.png",',
        '  "width": 1000,',
        '  "height": 1000,',
        '  "background": {',
        '    "generate": {',
        '      "description": "plain white",',
        '      "item_area_percentage": 0.65,',
        '      "color": [217, 179, 190]',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });
  it('keeps unknown keys after known ones, in their own order, at nested levels too', () => {
    const request = {
      operations: { zzz: 1, background: { b: 2, remove: true, a: 3 }, aaa: {} },
      output: { format: 'png' },
    };
    const printed = JSON.parse(print(request, 'claid'));
    expect(Object.keys(printed.operations)).toEqual(['background', 'zzz', 'aaa']);
    expect(Object.keys(printed.operations.background)).toEqual(['remove', 'b', 'a']);
    expect(print({ operations: { aaa: {} } }, 'claid')).toContain('"aaa": {}');
  });
  it('lays out arrays of objects one item per line and escapes strings as JSON', () => {
    const printed = print({ extra: [{ a: 1 }, [1, 2]], note: 'a "quote" \n ☕' }, 'deep-image');
    expect(printed).toContain('"extra": [\n    {\n      "a": 1\n    },\n    [1, 2]\n  ]');
    expect(JSON.parse(printed).note).toBe('a "quote" \n ☕');
  });
});

describe('defaultRequest and detectDialect', () => {
  it.each(['claid', 'deep-image'] as const)(
    '%s default request is valid, warning-free and detected as itself',
    (dialect) => {
      const request = defaultRequest(dialect);
      expect(validate(dialect, request)).toEqual([]);
      expect(detectDialect(request)).toBe(dialect);
      expect(defaultRequest(dialect)).not.toBe(request);
    },
  );
  it('returns null for non-objects and ambiguous values', () => {
    expect(detectDialect(null)).toBeNull();
    expect(detectDialect([])).toBeNull();
    expect(detectDialect({})).toBeNull();
    expect(detectDialect({ operations: {}, background: {} })).toBeNull();
  });
});
