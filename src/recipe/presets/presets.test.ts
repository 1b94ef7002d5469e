import { describe, expect, it } from 'vitest';
import { dialectIds } from '../dialects.ts';
import { toPlan } from '../convert.ts';
import { validate } from '../request.ts';
import { PRESETS, findPreset } from './catalogue.ts';
import { compilePreset, constrainPlan } from './compile.ts';

describe('the preset catalogue', () => {
  it('ships the marketplace image types the issue names', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'amazon-main',
      'amazon-additional',
      'walmart-main',
      'shopify-product',
      'ebay',
      'etsy',
      'google-merchant',
    ]);
  });

  it('cites a marketplace page and the date it was read for every rule, with unique ids', () => {
    for (const preset of PRESETS) {
      const ids = preset.rules.map((r) => r.id);
      expect(new Set(ids).size, preset.id).toBe(ids.length);
      for (const rule of preset.rules) {
        expect(rule.source.url, `${preset.id}/${rule.id}`).toMatch(/^https:\/\/[^ ]+$/);
        expect(rule.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('marks recommendations as such (Shopify’s square and zoom size, Etsy’s 2000 px)', () => {
    const level = (preset: string, rule: string) =>
      findPreset(preset)!.rules.find((r) => r.id === rule)!.level;
    expect(level('shopify-product', 'aspect-ratio')).toBe('recommended');
    expect(level('shopify-product', 'longest-side')).toBe('recommended');
    expect(level('etsy', 'shortest-side')).toBe('recommended');
    expect(level('amazon-main', 'fill-ratio')).toBe('required');
  });
});

describe('compiling a preset', () => {
  for (const preset of PRESETS) {
    for (const dialect of dialectIds()) {
      it(`${preset.id} compiles to a valid ${dialect} request that keeps its intent`, () => {
        const { request } = compilePreset(preset, dialect);
        expect(validate(dialect, request).filter((i) => i.severity === 'error')).toEqual([]);
        const plan = toPlan(dialect, request);
        expect(plan.background).toEqual(preset.intent.background);
        expect(plan.frame.width).toEqual(preset.intent.frame.width);
        expect(plan.frame.height).toEqual(preset.intent.frame.height);
        expect(plan.frame.fit).toBe(preset.intent.frame.fit);
        expect(plan.frame.cropToSubject).toBe(preset.intent.frame.cropToSubject);
        expect(plan.frame.padding).toEqual(preset.intent.frame.padding);
        expect(plan.output.format).toBe(preset.intent.output.format);
      });
    }
  }

  it('Amazon main: clipping, a 2000 px white canvas and 4% padding in both dialects', () => {
    const amazon = findPreset('amazon-main')!;
    expect(compilePreset(amazon, 'claid').request).toEqual({
      operations: {
        resizing: { width: 2000, height: 2000, fit: 'canvas' },
        background: { remove: { category: 'products', clipping: true }, color: '#FFFFFF' },
        padding: '4%',
      },
      output: { format: { type: 'jpeg', quality: 90 } },
    });
    expect(compilePreset(amazon, 'deep-image').request).toEqual({
      width: 2000,
      height: 2000,
      fit: { crop: 'item' },
      background: { remove: 'item', color: '#FFFFFF' },
      padding: '4%',
      output_format: 'jpeg',
      quality: 90,
    });
  });

  it('reports a rule the dialect cannot express: Walmart’s 5 MB in Claid, but not in Deep-Image', () => {
    const walmart = findPreset('walmart-main')!;
    const claid = compilePreset(walmart, 'claid');
    const fileSize = claid.losses.find((l) => l.path === 'rules.file-size');
    expect(fileSize?.message).toMatch(/Claid has no maximum file size.*local engine keeps its result under/);
    const deepImage = compilePreset(walmart, 'deep-image');
    expect(deepImage.request.max_file_size).toBe(5 * 1024 * 1024);
    expect(deepImage.losses.some((l) => l.path === 'rules.file-size')).toBe(false);
  });

  it('says no request carries a colour space or provenance tag, in both dialects', () => {
    for (const dialect of dialectIds()) {
      const paths = compilePreset(findPreset('google-merchant')!, dialect).losses.map((l) => l.path);
      expect(paths).toContain('rules.ai-source-type');
      expect(compilePreset(findPreset('amazon-main')!, dialect).losses.map((l) => l.path)).toContain(
        'rules.colour-space',
      );
    }
  });

  it('constrainPlan makes the local engine keep a Claid Walmart result under 5 MB', () => {
    const walmart = findPreset('walmart-main')!;
    const plan = toPlan('claid', compilePreset(walmart, 'claid').request);
    expect(plan.output.maxFileSize).toBeUndefined();
    const constrained = constrainPlan(plan, walmart);
    expect(constrained.plan.output.maxFileSize).toBe(5 * 1024 * 1024);
    expect(constrained.notes[0]).toMatch(/under 5 MB/);
    // A request that already asks for less is left alone.
    const tighter = { ...plan, output: { ...plan.output, maxFileSize: 1000 } };
    expect(constrainPlan(tighter, walmart).plan).toBe(tighter);
  });
});
