import { describe, expect, it } from 'vitest';
import { dialectIds, defaultRequest, validate } from '../../recipe/index.ts';
import type { Dialect, JsonObject } from '../../recipe/index.ts';
import { panelsFor } from './registry.ts';
import { togglePanel } from './toggle-panel.ts';

/** Every request reachable from the default by switching panels on and off (breadth first). */
function reachable(dialect: Dialect): Map<string, { request: JsonObject; via: string[] }> {
  const panels = panelsFor(dialect);
  const start = defaultRequest(dialect);
  const seen = new Map([[JSON.stringify(start), { request: start, via: [] as string[] }]]);
  const queue = [...seen.values()];
  while (queue.length > 0) {
    const { request, via } = queue.shift()!;
    for (const panel of panels) {
      for (const on of [true, false]) {
        const next = togglePanel(panels, request, panel.id, on).request;
        const key = JSON.stringify(next);
        if (seen.has(key)) continue;
        const entry = { request: next, via: [...via, `${panel.id} ${on ? 'on' : 'off'}`] };
        seen.set(key, entry);
        queue.push(entry);
      }
    }
  }
  return seen;
}

describe('switching panels on and off', () => {
  it.each(dialectIds())('never leads %s to a rule warning or error, in any combination', (dialect) => {
    const states = reachable(dialect);
    expect(states.size).toBeGreaterThan(8);
    for (const { request, via } of states.values()) {
      const issues = validate(dialect, request).map((i) => `${i.code} at ${i.path}`);
      expect(issues, `after ${via.join(', ')}: ${JSON.stringify(request)}`).toEqual([]);
    }
  });

  it('Claid: Blur on switches off removal and colour, and says so', () => {
    const result = togglePanel(panelsFor('claid'), defaultRequest('claid'), 'blur', true);
    expect(result.request).toEqual({ operations: { background: { blur: true } }, output: { format: 'png' } });
    expect(result.also).toBe(
      'Also switched off Background color and Remove background, which cannot go with Blur background.',
    );
  });

  it('Claid: a colour switches removal on, and removal off takes the colour with it', () => {
    const blurred = togglePanel(panelsFor('claid'), defaultRequest('claid'), 'blur', true).request;
    const coloured = togglePanel(panelsFor('claid'), blurred, 'color', true);
    expect(coloured.request).toEqual({
      operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
      output: { format: 'png' },
    });
    expect(coloured.also).toBe(
      'Also switched on Remove background, which is needed by Background color. Also switched off Blur background, which cannot go with Remove background.',
    );
    const removed = togglePanel(panelsFor('claid'), coloured.request, 'remove', false);
    expect(removed.request).toEqual({ output: { format: 'png' } });
    expect(removed.also).toBe('Also switched off Background color, which needs Remove background.');
  });

  it('Claid: Output off turns a transparent background white (JPEG has no transparency)', () => {
    const result = togglePanel(panelsFor('claid'), defaultRequest('claid'), 'output', false);
    expect(result.request).toEqual({
      operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
    });
    expect(result.also).toBe('Background color changed to #FFFFFF.');
  });

  it('Deep-Image: Generate on drops the colour; Replace on then drops Generate', () => {
    const generated = togglePanel(panelsFor('deep-image'), defaultRequest('deep-image'), 'generate', true);
    expect(generated.request.background).toEqual({
      remove: 'auto',
      generate: { description: 'item standing on plain white background', item_area_percentage: 0.65 },
    });
    expect(generated.also).toBe(
      'Also switched off Background color, which cannot go with Generate background.',
    );
    const replaced = togglePanel(panelsFor('deep-image'), generated.request, 'replace', true);
    expect(replaced.request.background).toEqual({ remove: 'auto', replace: '' });
    expect(replaced.also).toBe(
      'Also switched off Generate background, which cannot go with Replace background.',
    );
  });

  it('says nothing when nothing else changed', () => {
    expect(togglePanel(panelsFor('claid'), defaultRequest('claid'), 'framing', true).also).toBeNull();
  });
});
