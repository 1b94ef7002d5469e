import { describe, expect, it } from 'vitest';
import { getAt, optionDocs, parse, print, setAt, toPlan, validate, type JsonObject } from '../index.ts';
import { dialectModule } from '../dialects.ts';

const errors = (request: JsonObject) =>
  validate('claid', request).filter((issue) => issue.severity === 'error');
const codes = (request: JsonObject) => validate('claid', request).map((issue) => issue.code);
const bg = (background: JsonObject, output?: JsonObject): JsonObject => ({
  operations: { background },
  ...(output && { output }),
});

/** A valid request that uses each documented option. A new doc without a sample fails the first test. */
const SAMPLES: Record<string, JsonObject> = {
  'operations.resizing.width': { operations: { resizing: { width: 800 } } },
  'operations.resizing.height': { operations: { resizing: { height: '50%' } } },
  'operations.resizing.fit': { operations: { resizing: { width: 800, height: 800, fit: 'canvas' } } },
  'operations.resizing.fit.type': { operations: { resizing: { width: 800, fit: { type: 'outpaint' } } } },
  'operations.resizing.fit.crop': {
    operations: { resizing: { width: 800, fit: { type: 'crop', crop: 'smart' } } },
  },
  'operations.background.remove': bg({ remove: true }),
  'operations.background.remove.category': bg({ remove: { category: 'cars' } }),
  'operations.background.remove.category.type': bg({
    remove: { category: { type: 'products', version: 'v2' } },
  }),
  'operations.background.remove.category.version': bg({
    remove: { category: { type: 'products', version: 'v2' } },
  }),
  'operations.background.remove.selective': bg({ remove: { selective: { object_to_keep: 'bottle' } } }),
  'operations.background.remove.selective.object_to_keep': bg({
    remove: { selective: { object_to_keep: 'sleeping bag' } },
  }),
  'operations.background.remove.clipping': {
    operations: {
      resizing: { fit: 'bounds' },
      background: { remove: { category: 'products', clipping: true } },
    },
  },
  'operations.background.color': bg({ remove: true, color: '#C5C6FF' }),
  'operations.background.blur': bg({ blur: true }),
  'operations.background.blur.category': bg({ blur: { category: 'products' } }),
  'operations.background.blur.selective': bg({ blur: { selective: { object_to_keep: 'bottle' } } }),
  'operations.background.blur.selective.object_to_keep': bg({
    blur: { selective: { object_to_keep: 'food' } },
  }),
  'operations.background.blur.type': bg({ blur: { type: 'lens' } }),
  'operations.background.blur.level': bg({ blur: { level: 'high' } }),
  'operations.padding': { operations: { background: { remove: true }, padding: '5% 25%' } },
  'output.format': { output: { format: 'webp' } },
  'output.format.type': { output: { format: { type: 'avif' } } },
  'output.format.quality': { output: { format: { type: 'jpeg', quality: 85 } } },
  'output.format.progressive': { output: { format: { type: 'jpeg', progressive: true } } },
  'output.format.lossless': { output: { format: { type: 'webp', lossless: true } } },
  'output.format.compression': { output: { format: { type: 'png', compression: 'optimal' } } },
};

describe('claid options', () => {
  const docs = optionDocs('claid');
  it('every documented option has a sample, a description and a doc link', () => {
    expect(docs.map((doc) => doc.path).sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const doc of docs) {
      expect(doc.description.length, doc.path).toBeGreaterThan(10);
      expect(doc.docUrl, doc.path).toMatch(/^https:\/\/docs\.claid\.ai\//);
    }
  });
  it.each(docs.map((doc) => [doc.path] as const))('%s: sample is valid, round-trips and is kept', (path) => {
    const request = SAMPLES[path]!;
    expect(errors(request)).toEqual([]);
    expect(codes(request)).not.toContain('unknown-key');
    expect(getAt(request, path)).toBeDefined();
    const reparsed = parse(print(request, 'claid'), 'claid');
    expect(reparsed.request).toEqual(request);
    expect(() => toPlan('claid', request)).not.toThrow();
  });
  it.each(docs.filter((doc) => doc.values).map((doc) => [doc.path, doc] as const))(
    '%s: every documented value is accepted',
    (path, doc) => {
      for (const { value } of doc.values!) {
        const request = setAt(SAMPLES[path]!, path, value);
        expect(errors(request), `${path} = ${JSON.stringify(value)}`).toEqual([]);
      }
    },
  );
  it('rejects values outside the documented ones, naming the allowed values', () => {
    const [issue] = errors(bg({ remove: { category: 'shoes' } }));
    expect(issue).toMatchObject({ code: 'unknown-value', path: 'operations.background.remove.category' });
    expect(issue!.message).toContain('"general", "products" or "cars"');
    expect(errors(bg({ blur: { type: 'motion' } }))[0]?.message).toContain('"regular" or "lens"');
    expect(errors(bg({ blur: { level: 'max' } }))[0]?.path).toBe('operations.background.blur.level');
    expect(errors({ output: { format: 'gif' } })[0]?.message).toContain('"tiff"');
    expect(errors({ operations: { resizing: { fit: 'stretch' } } })[0]?.path).toBe('operations.resizing.fit');
    expect(errors({ operations: { resizing: { width: 0 } } })[0]?.path).toBe('operations.resizing.width');
    expect(errors({ operations: { resizing: { width: '50px' } } })[0]?.path).toBe(
      'operations.resizing.width',
    );
    expect(errors(bg({ remove: 'yes' }))[0]).toMatchObject({
      code: 'wrong-type',
      path: 'operations.background.remove',
    });
    expect(errors({ output: { format: { type: 'jpeg', quality: 101 } } })[0]?.path).toBe(
      'output.format.quality',
    );
    expect(errors(bg({ remove: { clipping: 'yes' } }))[0]?.message).toContain('true or false');
    expect(errors(bg({ remove: { selective: 'bottle' } }))[0]).toMatchObject({
      path: 'operations.background.remove.selective',
      message: expect.stringContaining('{"object_to_keep": "bottle"}'),
    });
    expect(errors({ output: { format: { quality: 50 } } })[0]).toMatchObject({
      code: 'missing',
      path: 'output.format.type',
    });
    expect(errors({ operations: 'x' })[0]?.message).toBe(
      '"operations" must be an object ({ ... }), not "x".',
    );
  });
  it('states where the docs disagree on the default category', () => {
    const doc = optionDocs('claid').find((d) => d.path === 'operations.background.remove.category')!;
    expect(doc.default).toBe('products');
    expect(doc.defaultNote).toMatch(/general/);
  });
});

/** A request that fires each rule and a close one that does not. A new rule without a case fails. */
const RULE_CASES: Record<string, { fires: JsonObject; quiet: JsonObject; path: string }> = {
  'category-with-selective': {
    fires: bg({ remove: { category: 'general', selective: { object_to_keep: 'bottle' } } }),
    quiet: bg({ remove: { selective: { object_to_keep: 'bottle' } } }),
    path: 'operations.background.remove.selective',
  },
  'object-to-keep-length': {
    fires: bg({ blur: { selective: { object_to_keep: '' } } }),
    quiet: bg({ blur: { selective: { object_to_keep: 'cup' } } }),
    path: 'operations.background.blur.selective.object_to_keep',
  },
  'bad-hex': {
    fires: bg({ remove: true, color: '#FFF' }),
    quiet: bg({ remove: true, color: '#ffffff' }),
    path: 'operations.background.color',
  },
  'transparent-without-alpha': {
    fires: bg({ remove: true, color: 'transparent' }, { format: 'jpeg' }),
    quiet: bg({ remove: true, color: 'transparent' }, { format: { type: 'avif' } }),
    path: 'operations.background.color',
  },
  'color-without-remove': {
    fires: bg({ color: '#FFFFFF' }),
    quiet: bg({ remove: true, color: '#FFFFFF' }),
    path: 'operations.background.color',
  },
  'blur-with-remove': {
    fires: bg({ remove: true, blur: true }),
    quiet: bg({ remove: false, blur: true }),
    path: 'operations.background.blur',
  },
  'clipping-without-size': {
    fires: bg({ remove: { clipping: true } }),
    quiet: {
      operations: { resizing: { width: 500, height: 500 }, background: { remove: { clipping: true } } },
    },
    path: 'operations.background.remove.clipping',
  },
  'padding-too-large': {
    fires: { operations: { padding: '10% 60%' } },
    quiet: { operations: { padding: '10% 50%' } },
    path: 'operations.padding',
  },
  'quality-without-lossy-format': {
    fires: { output: { format: { type: 'png', quality: 80 } } },
    quiet: { output: { format: { type: 'webp', quality: 80 } } },
    path: 'output.format.quality',
  },
  'unknown-key': {
    fires: { operations: { background: { remove: true, colour: '#FFFFFF' } } },
    quiet: { operations: { background: { remove: true, color: '#FFFFFF' } } },
    path: 'operations.background.colour',
  },
};

describe('claid rules', () => {
  const module = dialectModule('claid');
  it('every rule has a case', () => {
    expect([...module.rules.map((rule) => rule.code), 'unknown-key'].sort()).toEqual(
      Object.keys(RULE_CASES).sort(),
    );
  });
  it.each(Object.entries(RULE_CASES))(
    '%s fires where it should and only there',
    (code, { fires, quiet, path }) => {
      const issue = validate('claid', fires).find((i) => i.code === code);
      expect(issue, JSON.stringify(validate('claid', fires))).toBeDefined();
      expect(issue!.path).toBe(path);
      expect(issue!.message).toMatch(/^[A-Z"].*[.)]$/s);
      expect(issue!.docUrl).toMatch(/^https:/);
      expect(codes(quiet)).not.toContain(code);
    },
  );
  it('object_to_keep: 3 to 128 characters', () => {
    const keep = (text: string) => codes(bg({ remove: { selective: { object_to_keep: text } } }));
    expect(keep('cup')).not.toContain('object-to-keep-length');
    expect(keep('x'.repeat(128))).not.toContain('object-to-keep-length');
    expect(keep('x'.repeat(129))).toContain('object-to-keep-length');
    expect(keep('ab')).toContain('object-to-keep-length');
    expect(keep('   ')).toContain('object-to-keep-length');
    expect(
      validate('claid', bg({ remove: { selective: { object_to_keep: 'x'.repeat(129) } } }))[0]!.message,
    ).toContain('now 129');
  });
  it('clipping with fit bounds, or with a size, explains nothing', () => {
    expect(
      codes({ operations: { resizing: { fit: 'bounds' }, background: { remove: { clipping: true } } } }),
    ).not.toContain('clipping-without-size');
  });
  it('unknown keys are kept and printed after known ones in their own order', () => {
    const text =
      '{"zeta": 1, "output": {"format": "png"}, "alpha": 2, "operations": {"background": {"remove": true}}}';
    const result = parse(text, 'claid');
    expect(result.ok).toBe(true);
    expect(result.issues.filter((i) => i.code === 'unknown-key').map((i) => i.path)).toEqual([
      'zeta',
      'alpha',
    ]);
    expect(Object.keys(JSON.parse(print(result.request!, 'claid')))).toEqual([
      'operations',
      'output',
      'zeta',
      'alpha',
    ]);
  });
});

describe('claid plan', () => {
  it('resolves defaults and the transparent-with-JPEG quirk', () => {
    const plan = toPlan('claid', bg({ remove: true, color: 'transparent' }));
    expect(plan.subject).toEqual({ hint: 'products' });
    expect(plan.background).toEqual({ kind: 'color', hex: '#FFFFFF' });
    expect(plan.output.format).toBe('jpeg');
    expect(plan.notes.map((note) => note.path)).toContain('operations.background.color');
  });
  it('keeps transparency with an alpha format and upper-cases hex', () => {
    expect(toPlan('claid', bg({ remove: true, color: 'transparent' }, { format: 'png' })).background).toEqual(
      { kind: 'transparent' },
    );
    expect(toPlan('claid', bg({ remove: true, color: '#c5c6ff' })).background).toEqual({
      kind: 'color',
      hex: '#C5C6FF',
    });
  });
  it('maps blur with its defaults and its segmentation', () => {
    const plan = toPlan('claid', bg({ blur: { selective: { object_to_keep: 'bottle' }, type: 'lens' } }));
    expect(plan.background).toEqual({ kind: 'blur', type: 'lens', level: 'medium' });
    expect(plan.subject).toEqual({ hint: 'general', objectToKeep: 'bottle' });
    expect(toPlan('claid', bg({ blur: true })).subject).toEqual({ hint: 'general' });
  });
  it('maps clipping without a size to the input size unless fit is bounds', () => {
    expect(toPlan('claid', bg({ remove: { clipping: true } })).frame).toMatchObject({
      cropToSubject: true,
      unsizedTarget: 'input',
    });
    const bounds = {
      operations: { resizing: { fit: 'bounds' }, background: { remove: { clipping: true } } },
    };
    expect(toPlan('claid', bounds).frame).toMatchObject({
      cropToSubject: true,
      fit: 'bounds',
      unsizedTarget: 'subject',
    });
  });
  it('maps resizing, smart crop, padding shorthand and output quality', () => {
    const plan = toPlan('claid', {
      operations: {
        resizing: { width: 1000, height: '50%', fit: { type: 'crop', crop: 'smart' } },
        padding: '5% 25%',
      },
      output: { format: { type: 'webp', quality: 70 } },
    });
    expect(plan.frame).toMatchObject({
      width: { px: 1000 },
      height: { percent: 50 },
      fit: 'crop',
      cropGravity: 'smart',
    });
    expect(plan.frame.padding).toEqual({
      top: { percent: 5 },
      right: { percent: 25 },
      bottom: { percent: 5 },
      left: { percent: 25 },
    });
    expect(plan.output).toEqual({ format: 'webp', quality: 70 });
    expect(plan.subject).toBeNull();
    expect(plan.background).toEqual({ kind: 'original' });
  });
  it('throws a RequestError naming the issues for an invalid request', () => {
    expect(() => toPlan('claid', bg({ remove: { category: 'x' } }))).toThrow(/category/);
  });
});
