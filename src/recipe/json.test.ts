import { describe, expect, it } from 'vitest';
import { getAt, setAt } from './index.ts';

describe('getAt / setAt', () => {
  const request = {
    operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
    list: [1, 2, 3],
  };
  it('reads dotted paths, array items and missing paths', () => {
    expect(getAt(request, 'operations.background.remove.category')).toBe('products');
    expect(getAt(request, 'list.1')).toBe(2);
    expect(getAt(request, 'operations.nothing.here')).toBeUndefined();
    expect(getAt(request, 'operations.background.color.length')).toBeUndefined();
    expect(getAt(request, '')).toBe(request);
    expect(getAt(request, 'constructor')).toBeUndefined();
  });
  it('sets immutably, creating parents, keeping key order', () => {
    const next = setAt(request, 'operations.background.blur.level', 'low');
    expect(request.operations.background).not.toHaveProperty('blur');
    expect(getAt(next, 'operations.background.blur.level')).toBe('low');
    const replaced = setAt(request, 'operations.background.remove', true);
    expect(Object.keys(replaced.operations as object)).toEqual(['background']);
    expect(Object.keys((replaced.operations as { background: object }).background)).toEqual([
      'remove',
      'color',
    ]);
    expect(setAt(request, 'list.0', 9).list).toEqual([9, 2, 3]);
  });
  it('deletes with undefined and prunes emptied parents', () => {
    const one = setAt(
      { operations: { background: { remove: true } }, output: { format: 'png' } },
      'operations.background.remove',
      undefined,
    );
    expect(one).toEqual({ output: { format: 'png' } });
    expect(setAt({ a: { b: 1 } }, 'a.b', undefined)).toEqual({});
    expect(setAt(request, 'list.1', undefined).list).toEqual([1, 3]);
  });
  it('replaces a scalar parent with an object when a child is set', () => {
    expect(
      setAt(
        { operations: { background: { remove: true } } },
        'operations.background.remove.category',
        'cars',
      ),
    ).toEqual({
      operations: { background: { remove: { category: 'cars' } } },
    });
  });
  it('treats __proto__ as a plain key', () => {
    const next = setAt({}, '__proto__.polluted', true);
    expect(Object.keys(next)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
