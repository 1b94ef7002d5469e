// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { print } from '../../recipe/index.ts';
import type { JsonObject } from '../../recipe/index.ts';
import { highlightJson } from './highlight.ts';

const render = (html: string) => {
  const pre = document.createElement('pre');
  pre.innerHTML = html;
  return pre;
};

describe('highlightJson', () => {
  it('keeps the text exactly as printed and tags keys with their dotted path', () => {
    const request: JsonObject = {
      operations: {
        background: { remove: { selective: { object_to_keep: 'a "quoted" <b>' } }, color: '#C5C6FF' },
      },
      output: { format: { type: 'png' } },
    };
    const text = print(request, 'claid');
    const pre = render(highlightJson(text));
    expect(pre.textContent).toBe(text);
    const keys = [...pre.querySelectorAll('.json-key')].map((k) => k.getAttribute('data-jpath'));
    expect(keys).toEqual([
      'operations',
      'operations.background',
      'operations.background.remove',
      'operations.background.remove.selective',
      'operations.background.remove.selective.object_to_keep',
      'operations.background.color',
      'output',
      'output.format',
      'output.format.type',
    ]);
    expect(pre.querySelector('.json-string[data-jpath="operations.background.color"]')?.textContent).toBe(
      '"#C5C6FF"',
    );
  });

  it('addresses array items by index and marks the paths it is given', () => {
    const text = print({ background: { generate: { color: [217, 179, 190] } }, colour: 1 }, 'deep-image');
    const pre = render(highlightJson(text, { marks: new Map([['colour', 'json-unknown']]) }));
    expect(pre.querySelector('[data-jpath="background.generate.color.1"]')?.textContent).toBe('179');
    expect(pre.querySelector('.json-unknown')?.textContent).toBe('"colour"');
  });

  it('round-trips any JSON object text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify({ v: value }, null, 2);
        expect(render(highlightJson(text)).textContent).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
