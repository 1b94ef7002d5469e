import { describe, expect, it } from 'vitest';
import {
  getAt,
  optionDoc,
  optionDocs,
  parse,
  print,
  setAt,
  toPlan,
  validate,
  type JsonObject,
} from '../index.ts';
import { dialectModule } from '../dialects.ts';

const errors = (request: JsonObject) =>
  validate('deep-image', request).filter((issue) => issue.severity === 'error');
const codes = (request: JsonObject) => validate('deep-image', request).map((issue) => issue.code);
const gen = (generate: JsonObject): JsonObject => ({ background: { generate } });

/** A valid request that uses each documented option. A new doc without a sample fails the first test. */
const SAMPLES: Record<string, JsonObject> = {
  url: { url: 'https://deep-image.ai/api-example.png' },
  width: { width: 1000 },
  height: { height: '200%' },
  min_length: { min_length: 1200 },
  fit: { width: 1000, height: 1000, fit: 'cover' },
  'fit.crop': { width: 1000, height: 1000, fit: { crop: 'item' }, background: { remove: 'auto' } },
  'background.remove': { background: { remove: 'human' } },
  'background.prompt': { background: { remove: 'generative', prompt: 'the red shoe' } },
  'background.color': { background: { remove: 'auto', color: 'auto' } },
  'background.replace': { background: { remove: 'auto', replace: 'https://example.com/beach.jpg' } },
  'background.generate': gen({ description: 'item on marble' }),
  'background.generate.description': gen({ description: 'item standing on sand with beach in background' }),
  'background.generate.item_area_percentage': gen({ description: 'sand', item_area_percentage: 0.65 }),
  'background.generate.sample_num': gen({ description: 'sand', sample_num: 12663 }),
  'background.generate.color': gen({ description: 'plain white background', color: [217, 179, 190] }),
  'background.generate.background_url': gen({
    description: 'studio',
    background_url: 'https://example.com/bg.jpg',
  }),
  'background.generate.adapter_type': gen({ description: 'studio', adapter_type: 'inpainting' }),
  'background.generate.model_type': gen({ description: 'studio', model_type: 'premium' }),
  'background.generate.additional_prompt': gen({ description: 'studio', additional_prompt: 'soft light' }),
  'background.generate.negative_prompt': gen({ description: 'studio', negative_prompt: 'people' }),
  'background.generate.face_id': gen({ description: 'studio', adapter_type: 'face', face_id: 'abc' }),
  'background.generate.controlnet_conditioning_scale': gen({
    description: 'studio',
    adapter_type: 'control',
    controlnet_conditioning_scale: 0.6,
  }),
  'background.generate.context_images': gen({
    description: 'studio',
    context_images: ['https://example.com/a.jpg'],
  }),
  padding: { background: { remove: 'auto' }, padding: '10%' },
  output_format: { output_format: 'webp' },
  quality: { output_format: 'jpeg', quality: 90 },
  max_file_size: { max_file_size: 500000 },
  'webhooks.complete': { webhooks: { complete: 'https://example.com/hook' } },
  'remove_background.type': { remove_background: { type: 'item' } },
  'remove_background.background': { remove_background: { type: 'item', background: '#FFFFFF' } },
};

describe('deep-image options', () => {
  const docs = optionDocs('deep-image');
  it('every documented option has a sample, a description and a doc link', () => {
    expect(docs.map((doc) => doc.path).sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const doc of docs) {
      expect(doc.description.length, doc.path).toBeGreaterThan(10);
      expect(doc.docUrl, doc.path).toMatch(/^https:\/\/documentation\.deep-image\.ai\//);
    }
  });
  it.each(docs.map((doc) => [doc.path] as const))('%s: sample is valid, round-trips and is kept', (path) => {
    const request = SAMPLES[path]!;
    expect(errors(request)).toEqual([]);
    expect(codes(request)).not.toContain('unknown-key');
    expect(getAt(request, path)).toBeDefined();
    expect(parse(print(request, 'deep-image'), 'deep-image').request).toEqual(request);
    expect(() => toPlan('deep-image', request)).not.toThrow();
  });
  it.each(docs.filter((doc) => doc.values).map((doc) => [doc.path, doc] as const))(
    '%s: every documented value is accepted',
    (path, doc) => {
      for (const { value } of doc.values!) {
        expect(errors(setAt(SAMPLES[path]!, path, value)), `${path} = ${JSON.stringify(value)}`).toEqual([]);
      }
    },
  );
  it('optionDoc finds an option by path, array items by their array', () => {
    expect(optionDoc('deep-image', 'background.generate.color.1')?.label).toBe('Tint');
    expect(optionDoc('deep-image', 'background.nothing')).toBeUndefined();
  });
  it('rejects values outside the documented ones, naming the allowed values', () => {
    expect(errors({ background: { remove: 'magic' } })[0]).toMatchObject({
      code: 'unknown-value',
      path: 'background.remove',
    });
    expect(errors({ background: { remove: 'magic' } })[0]!.message).toContain(
      '"auto", "v2", "human", "item" or "generative"',
    );
    expect(errors({ fit: 'stretch' })[0]?.path).toBe('fit');
    expect(errors({ fit: { crop: 'face' } })[0]?.message).toContain('"item", "content" or "center"');
    expect(errors({ output_format: 'avif' })[0]?.message).toContain('"webp"');
    expect(errors({ quality: 0 })[0]?.path).toBe('quality');
    expect(errors({ padding: -5 })[0]?.path).toBe('padding');
    expect(errors({ width: 12.5 })[0]?.path).toBe('width');
    expect(errors(gen({ description: 'x', adapter_type: 'magic' }))[0]?.path).toBe(
      'background.generate.adapter_type',
    );
  });
});

const RULE_CASES: Record<string, { fires: JsonObject; quiet: JsonObject; path: string }> = {
  'legacy-remove-background': {
    fires: { remove_background: { type: 'auto' } },
    quiet: { background: { remove: 'auto' } },
    path: 'remove_background',
  },
  'legacy-with-modern': {
    fires: { remove_background: { type: 'auto' }, background: { remove: 'item' } },
    quiet: { remove_background: { type: 'auto' } },
    path: 'remove_background',
  },
  'bad-hex': {
    fires: { background: { remove: 'auto', color: 'white' } },
    quiet: { background: { remove: 'auto', color: '#FFFFFF' } },
    path: 'background.color',
  },
  'bad-rgb': {
    fires: gen({ description: 'x', color: [255, 256, 0] }),
    quiet: gen({ description: 'x', color: [255, 255, 0] }),
    path: 'background.generate.color.1',
  },
  'item-area-out-of-range': {
    fires: gen({ description: 'x', item_area_percentage: 65 }),
    quiet: gen({ description: 'x', item_area_percentage: 0.65 }),
    path: 'background.generate.item_area_percentage',
  },
  'sample-num-not-integer': {
    fires: gen({ description: 'x', sample_num: 1.5 }),
    quiet: gen({ description: 'x', sample_num: 2 }),
    path: 'background.generate.sample_num',
  },
  'transparent-without-alpha': {
    fires: { background: { remove: 'auto', color: 'transparent' }, output_format: 'jpg' },
    quiet: { background: { remove: 'auto', color: 'transparent' }, output_format: 'webp' },
    path: 'background.color',
  },
  'crop-item-without-remove': {
    fires: { width: 500, height: 500, fit: { crop: 'item' } },
    quiet: { width: 500, height: 500, fit: { crop: 'item' }, background: { remove: 'item' } },
    path: 'fit.crop',
  },
  'replace-with-generate': {
    fires: { background: { replace: 'https://example.com/a.jpg', generate: { description: 'x' } } },
    quiet: { background: { generate: { description: 'x', background_url: 'https://example.com/a.jpg' } } },
    path: 'background.replace',
  },
  'color-with-replace-or-generate': {
    fires: { background: { remove: 'auto', color: '#000000', replace: 'https://example.com/a.jpg' } },
    quiet: { background: { remove: 'auto', replace: 'https://example.com/a.jpg' } },
    path: 'background.color',
  },
  'color-without-remove': {
    fires: { background: { color: '#000000' } },
    quiet: { background: { remove: 'v2', color: '#000000' } },
    path: 'background.color',
  },
  'prompt-without-generative': {
    fires: { background: { remove: 'auto', prompt: 'shoe' } },
    quiet: { background: { remove: 'generative', prompt: 'shoe' } },
    path: 'background.prompt',
  },
  'generate-without-description': {
    fires: gen({ item_area_percentage: 0.5 }),
    quiet: gen({ description: 'beach', item_area_percentage: 0.5 }),
    path: 'background.generate.description',
  },
  'not-a-url': {
    fires: { background: { remove: 'auto', replace: 'beach.jpg' } },
    quiet: { background: { remove: 'auto', replace: 'https://example.com/beach.jpg' } },
    path: 'background.replace',
  },
  'padding-too-large': { fires: { padding: '50%' }, quiet: { padding: '49%' }, path: 'padding' },
  'unknown-key': {
    fires: { background: { remove: 'auto' }, output: 'png' },
    quiet: { background: { remove: 'auto' }, output_format: 'png' },
    path: 'output',
  },
};

describe('deep-image rules', () => {
  it('every rule has a case', () => {
    const module = dialectModule('deep-image');
    expect([...module.rules.map((rule) => rule.code), 'unknown-key'].sort()).toEqual(
      Object.keys(RULE_CASES).sort(),
    );
  });
  it.each(Object.entries(RULE_CASES))(
    '%s fires where it should and only there',
    (code, { fires, quiet, path }) => {
      const issue = validate('deep-image', fires).find((i) => i.code === code);
      expect(issue, JSON.stringify(validate('deep-image', fires))).toBeDefined();
      expect(issue!.path).toBe(path);
      expect(issue!.message).toMatch(/^[A-Z"].*[.)]$/s);
      expect(codes(quiet)).not.toContain(code);
    },
  );
  it('generative removal without a prompt asks for one', () => {
    expect(validate('deep-image', { background: { remove: 'generative' } })[0]).toMatchObject({
      code: 'prompt-without-generative',
      path: 'background.remove',
    });
  });
  it('rgb that is not three numbers is explained at the colour itself', () => {
    const issue = errors(gen({ description: 'x', color: [1, 2] }))[0];
    expect(issue).toMatchObject({ code: 'bad-rgb', path: 'background.generate.color' });
    expect(errors(gen({ description: 'x', color: [1, 2.5, 3] }))[0]?.path).toBe(
      'background.generate.color.1',
    );
  });
});

describe('deep-image plan', () => {
  it('item cropping: clip to the object, centre it on the canvas with pixel padding', () => {
    const plan = toPlan('deep-image', {
      width: 1000,
      height: 1000,
      fit: { crop: 'item' },
      background: { remove: 'auto', color: '#ffffff' },
      padding: 100,
    });
    expect(plan.subject).toEqual({ hint: 'auto' });
    expect(plan.background).toEqual({ kind: 'color', hex: '#FFFFFF' });
    expect(plan.frame).toMatchObject({
      cropToSubject: true,
      fit: 'canvas',
      unsizedTarget: 'subject',
      width: { px: 1000 },
    });
    expect(plan.frame.padding?.left).toEqual({ px: 100 });
  });
  it('generation without item_area_percentage gets the example’s 0.65 here, not in the engine', () => {
    const plan = toPlan('deep-image', gen({ description: 'sand' }));
    expect(plan.background).toEqual({
      kind: 'generated',
      description: 'sand',
      itemAreaPercentage: 0.65,
      extras: {},
    });
  });
  it('generation keeps every field, advanced ones as extras, and implies removal', () => {
    const plan = toPlan(
      'deep-image',
      gen({
        description: 'sand',
        item_area_percentage: 0.65,
        sample_num: 7,
        color: [1, 2, 3],
        model_type: 'premium',
      }),
    );
    expect(plan.subject).toEqual({ hint: 'auto' });
    expect(plan.background).toEqual({
      kind: 'generated',
      description: 'sand',
      itemAreaPercentage: 0.65,
      seed: 7,
      tint: [1, 2, 3],
      extras: { model_type: 'premium' },
    });
  });
  it('replace, auto colour, transparency and its default format', () => {
    expect(
      toPlan('deep-image', { background: { remove: 'auto', replace: 'https://x/y.jpg' } }).background,
    ).toEqual({
      kind: 'image',
      url: 'https://x/y.jpg',
    });
    expect(toPlan('deep-image', { background: { remove: 'auto', color: 'auto' } }).background).toEqual({
      kind: 'auto-color',
    });
    const transparent = toPlan('deep-image', { background: { remove: 'auto' } });
    expect(transparent.background).toEqual({ kind: 'transparent' });
    expect(transparent.output.format).toBe('png');
    const jpeg = toPlan('deep-image', {
      background: { remove: 'auto', color: 'transparent' },
      output_format: 'jpg',
    });
    expect(jpeg.background).toEqual({ kind: 'color', hex: '#FFFFFF' });
    expect(jpeg.output.format).toBe('jpeg');
    expect(jpeg.notes.length).toBeGreaterThan(0);
  });
  it('the legacy form plans like its modern equivalent', () => {
    const legacy = toPlan('deep-image', { remove_background: { type: 'item', background: '#FFFFFF' } });
    expect(legacy).toEqual(toPlan('deep-image', { background: { remove: 'item', color: '#FFFFFF' } }));
  });
  it('framing: content crop, min length, percentages', () => {
    const plan = toPlan('deep-image', {
      width: '50%',
      min_length: 800,
      fit: { crop: 'content' },
      padding: '5%',
      quality: 80,
      max_file_size: 1000,
    });
    expect(plan.frame).toMatchObject({
      fit: 'crop',
      cropGravity: 'content',
      width: { percent: 50 },
      minLength: 800,
      cropToSubject: false,
    });
    expect(plan.frame.padding?.top).toEqual({ percent: 5 });
    expect(plan.output).toEqual({ format: 'jpeg', quality: 80, maxFileSize: 1000 });
    expect(plan.subject).toBeNull();
  });
});
