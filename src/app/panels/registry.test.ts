import { describe, expect, it } from 'vitest';
import { dialectIds, optionDocs, optionDoc } from '../../recipe/index.ts';
import { panelsFor } from './registry.ts';

/**
 * Documented paths edited through another control: the object forms that a single control writes
 * (fit as an object, a versioned category, selective as the parent of object_to_keep) and the legacy
 * Deep-Image form, which the JSON editor converts to the modern one.
 */
const EDITED_ELSEWHERE: Record<string, string> = {
  'operations.resizing.fit.type': 'operations.resizing.fit',
  'operations.background.remove.category.type': 'operations.background.remove.category',
  'operations.background.remove.selective': 'operations.background.remove.selective.object_to_keep',
  'operations.background.blur.selective': 'operations.background.blur.selective.object_to_keep',
  'output.format.type': 'output.format',
  'fit.crop': 'fit',
  'background.generate': 'background.generate.description',
  'remove_background.type': '(legacy: JSON editor offers background.remove)',
  'remove_background.background': '(legacy: JSON editor offers background.color)',
};

describe('panel registry', () => {
  for (const dialect of dialectIds()) {
    it(`has a control for every documented ${dialect} option`, () => {
      const fieldPaths = new Set(panelsFor(dialect).flatMap((p) => p.fields.map((f) => f.path)));
      const missing = optionDocs(dialect)
        .map((doc) => doc.path)
        .filter((path) => !fieldPaths.has(path) && !EDITED_ELSEWHERE[path]);
      expect(missing).toEqual([]);
    });

    it(`takes every ${dialect} field's words from the option docs`, () => {
      for (const panel of panelsFor(dialect)) {
        for (const field of panel.fields) {
          expect(optionDoc(dialect, field.docPath ?? field.path), field.path).toBeDefined();
        }
      }
    });

    it(`turns every ${dialect} panel on and off cleanly`, () => {
      for (const panel of panelsFor(dialect)) {
        const on = panel.turnOn ? panel.turnOn({}) : {};
        if (panel.turnOn) expect(panel.isOn(on), panel.id).toBe(true);
        expect(panel.isOn(panel.turnOff(on)), panel.id).toBe(false);
      }
    });
  }

  it('maps aliases only to real fields', () => {
    for (const [path, target] of Object.entries(EDITED_ELSEWHERE)) {
      if (target.startsWith('(')) continue;
      const all = dialectIds().flatMap((d) => panelsFor(d).flatMap((p) => p.fields.map((f) => f.path)));
      expect(all, path).toContain(target);
    }
  });
});
