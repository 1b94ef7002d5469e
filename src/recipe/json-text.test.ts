import { describe, expect, it } from 'vitest';
import { parse } from './index.ts';
import { JsonSyntaxError, locate, readJson } from './json-text.ts';

describe('readJson', () => {
  it('reads values like JSON.parse', () => {
    const samples = [
      '{"a": [1, 2.5e3, -0.5, true, false, null], "b": {"c": "x\\n\\u00e9\\"y"}}',
      '[]',
      '"s"',
      '12',
      '{}',
    ];
    for (const text of samples) expect(readJson(text).value).toEqual(JSON.parse(text));
  });
  it('records the line and column of every key and array item', () => {
    const text =
      '{\n  "operations": {\n    "background": {"color": "#FFF"}\n  },\n  "list": [1, {"k": 2}]\n}';
    const { positions } = readJson(text);
    expect(positions.get('operations')).toEqual({ line: 2, column: 3 });
    expect(positions.get('operations.background')).toEqual({ line: 3, column: 5 });
    expect(positions.get('operations.background.color')).toEqual({ line: 3, column: 20 });
    expect(positions.get('list.1')).toEqual({ line: 5, column: 15 });
    expect(positions.get('list.1.k')).toEqual({ line: 5, column: 16 });
    expect(locate(positions, 'operations.background.color.missing')).toEqual({ line: 3, column: 20 });
  });
  it.each([
    ['{"a": 1,}', /trailing comma/, 1, 8],
    ['{"a": 1 "b": 2}', /Expected "," or "}"/, 1, 9],
    ["{'a': 1}", /Expected a key in double quotes/, 1, 2],
    ['{"a": \'x\'}', /double quotes/, 1, 7],
    ['{"a": tru}', /Expected a value/, 1, 7],
    ['{"a": "x}', /not closed/, 1, 7],
    ['', /empty/, 1, 1],
    ['{"a": 1}}', /after the end/, 1, 9],
    ['{\n  "a": [1,\n  2,]\n}', /trailing comma/, 3, 4],
    ['{"a": "line\nbreak"}', /control character/, 1, 12],
  ])('%j fails clearly', (text, message, line, column) => {
    try {
      readJson(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).message).toMatch(message);
      expect((error as JsonSyntaxError).position).toEqual({ line, column });
    }
  });
  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => readJson('['.repeat(5000) + ']'.repeat(5000))).toThrow(/nested too deeply/);
  });
  it('keeps a __proto__ key as plain data', () => {
    const { value } = readJson('{"__proto__": {"polluted": true}}');
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parse', () => {
  it('points issues at the key in the text', () => {
    const text =
      '{\n  "operations": {\n    "background": {\n      "remove": {"category": "shoes"}\n    }\n  }\n}';
    const result = parse(text);
    expect(result.ok).toBe(false);
    expect(result.dialect).toBe('claid');
    expect(result.issues[0]).toMatchObject({
      path: 'operations.background.remove.category',
      line: 4,
      column: 18,
    });
  });
  it('reports syntax errors with a position and no request', () => {
    const result = parse('{"operations": {"background": }}');
    expect(result).toMatchObject({ ok: false, request: null });
    expect(result.issues[0]).toMatchObject({ code: 'json-syntax', line: 1, column: 31 });
  });
  it('detects the dialect, or says it cannot', () => {
    expect(parse('{"operations": {}}').dialect).toBe('claid');
    expect(parse('{"background": {"remove": "auto"}}').dialect).toBe('deep-image');
    const unknown = parse('{"foo": 1}');
    expect(unknown.ok).toBe(false);
    expect(unknown.issues[0]!.code).toBe('unknown-dialect');
    expect(parse('[1, 2]').issues[0]!.code).toBe('not-an-object');
  });
  it('warns about a key written twice, at the second one', () => {
    const result = parse('{"background": {"remove": "auto",\n "remove": "item"}}');
    expect(result.ok).toBe(true);
    expect(result.request).toEqual({ background: { remove: 'item' } });
    expect(result.issues).toContainEqual(
      expect.objectContaining({ code: 'duplicate-key', path: 'background.remove', line: 2, column: 2 }),
    );
  });
  it('honours an explicit dialect even when the keys suggest the other one', () => {
    const result = parse('{"background": {"remove": "auto"}}', 'claid');
    expect(result.dialect).toBe('claid');
    expect(result.issues.map((i) => i.code)).toContain('unknown-key');
  });
  it('accepts a docs fragment without braces, with a warning, positions on the pasted lines', () => {
    const result = parse('"operations": {\n  "background": {"color": "red"}\n}');
    expect(result.dialect).toBe('claid');
    expect(result.issues.find((i) => i.code === 'bad-hex')).toMatchObject({ line: 2, column: 18 });
    expect(result.issues.map((i) => i.code)).toContain('wrapped-fragment');
    const twice = parse('"background": {"remove": "auto",\n "remove": "item"}');
    expect(twice.issues).toContainEqual(
      expect.objectContaining({ code: 'duplicate-key', line: 2, column: 2 }),
    );
  });
});
