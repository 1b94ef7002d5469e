import { describe, expect, it } from 'vitest';
import { findPreset } from './catalogue.ts';
import { importUserPresets, exportUserPresets, mergeUserPresets, type UserPreset } from './user-presets.ts';
import { summarise, verifyMeasurements, verifyRule } from './verify.ts';
import type { ImageMeasurements, PresetRule } from './types.ts';

/** A compliant Amazon main result: 2000² JPEG, white, product box 1840 px tall (92%). */
function measured(patch: Partial<ImageMeasurements> = {}): ImageMeasurements {
  return {
    width: 2000,
    height: 2000,
    bytes: 400_000,
    format: 'jpeg',
    colour: { space: 'srgb', profile: 'sRGB built-in' },
    alpha: { channel: false, transparentShare: 0 },
    background: { source: 'mask', pixels: 2_000_000, whiteShare: 1, mean: [255, 255, 255] },
    subject: {
      source: 'mask',
      box: { left: 500, top: 80, width: 1000, height: 1840 },
      touches: { top: 0, right: 0, bottom: 0, left: 0 },
    },
    aiGenerated: false,
    ...patch,
  };
}

const amazon = findPreset('amazon-main')!;
const rule = (preset: string, id: string): PresetRule => findPreset(preset)!.rules.find((r) => r.id === id)!;
const verdict = (preset: string, id: string, m: ImageMeasurements) => verifyRule(rule(preset, id), m);
const box = (size: number) => ({
  left: (2000 - size) / 2,
  top: (2000 - size) / 2,
  width: size,
  height: size,
});
const subject = (size: number) => ({
  source: 'mask' as const,
  box: box(size),
  touches: { top: 0, right: 0, bottom: 0, left: 0 },
});

describe('the compliance check’s verdicts', () => {
  it('passes a compliant Amazon main image on every rule', () => {
    const report = verifyMeasurements(amazon, measured());
    expect(report.status).toBe('pass');
    expect(report.rules.map((r) => [r.id, r.status])).toEqual(amazon.rules.map((r) => [r.id, 'pass']));
    expect(report.manualChecks.length).toBeGreaterThan(0);
  });

  it('fill ratio: 85% passes, one pixel less fails with the padding to use', () => {
    expect(verdict('amazon-main', 'fill-ratio', measured({ subject: subject(1700) })).status).toBe('pass');
    const under = verdict('amazon-main', 'fill-ratio', measured({ subject: subject(1699) }));
    expect(under.status).toBe('fail');
    expect(under.measured).toMatch(/^84\.95% \(product 1699 × 1699 px in 2000 × 2000/);
    expect(under.limit).toBe('≥ 85%');
    expect(under.fix).toBe(
      'Padding 7.52% → 7.5% or less to reach 85% fill (clip to the product, pad the canvas evenly: fill = 100% − 2 × padding).',
    );
    expect(under.option).toBe('padding');
    const padded = verdict('amazon-main', 'fill-ratio', measured({ subject: subject(1200) }));
    expect(padded.fix).toMatch(/^Padding 20% → 7\.5% or less/);
  });

  it('white background: 99% white passes, just under warns, under 95% or grey fails with the colour', () => {
    const bg = (whiteShare: number, mean: [number, number, number] = [255, 255, 255]) =>
      measured({ background: { source: 'mask', pixels: 1e6, whiteShare, mean } });
    expect(verdict('amazon-main', 'white-background', bg(0.99)).status).toBe('pass');
    expect(verdict('amazon-main', 'white-background', bg(0.989)).status).toBe('warn');
    expect(verdict('amazon-main', 'white-background', bg(0.95)).status).toBe('warn');
    const grey = verdict('amazon-main', 'white-background', bg(0, [235, 235, 235]));
    expect(grey.status).toBe('fail');
    expect(grey.measured).toBe('0.0% white (mean RGB 235,235,235; Backdrop’s mask)');
    expect(grey.fix).toBe(
      'The background is RGB 235,235,235, not white: set the background colour to #FFFFFF.',
    );
    expect(grey.option).toBe('color');
  });

  it('says what it could not measure instead of guessing', () => {
    const unknown = verdict('amazon-main', 'white-background', measured({ background: undefined }));
    expect(unknown).toMatchObject({ status: 'warn', measured: 'could not be measured' });
    expect(unknown.fix).toMatch(/local engine/);
  });

  it('subject inside: clear passes, touching an edge fails', () => {
    const touching = measured({
      subject: { ...subject(1800), touches: { top: 0, right: 0, bottom: 0.31, left: 0 } },
    });
    const result = verdict('amazon-main', 'subject-inside', touching);
    expect(result.status).toBe('fail');
    expect(result.measured).toBe('touches the bottom (31% of it)');
    const noise = measured({
      subject: { ...subject(1800), touches: { top: 0.004, right: 0, bottom: 0, left: 0 } },
    });
    expect(verdict('amazon-main', 'subject-inside', noise).status).toBe('pass');
  });

  it('size: Amazon fails under 500, warns under 1000, passes at 1000; 10,000 is the ceiling', () => {
    const sized = (width: number, height: number) => measured({ width, height });
    expect(verdict('amazon-main', 'longest-side', sized(499, 300)).status).toBe('fail');
    expect(verdict('amazon-main', 'longest-side', sized(500, 300)).status).toBe('warn');
    expect(verdict('amazon-main', 'longest-side', sized(999, 999)).fix).toMatch(/at least 1000 px/);
    expect(verdict('amazon-main', 'longest-side', sized(1000, 300)).status).toBe('pass');
    expect(verdict('amazon-main', 'max-side', sized(10_000, 10)).status).toBe('pass');
    expect(verdict('amazon-main', 'max-side', sized(10_001, 10)).status).toBe('fail');
  });

  it('Walmart: both sides count, square within half a percent, 5 MB is the limit', () => {
    expect(verdict('walmart-main', 'size', measured({ width: 2200, height: 1499 })).status).toBe('fail');
    expect(verdict('walmart-main', 'size', measured({ width: 2199, height: 2200 })).status).toBe('warn');
    expect(verdict('walmart-main', 'size', measured({ width: 2200, height: 2200 })).status).toBe('pass');
    expect(verdict('walmart-main', 'aspect-ratio', measured({ width: 2010, height: 2000 })).status).toBe(
      'pass',
    );
    const wide = verdict('walmart-main', 'aspect-ratio', measured({ width: 2011, height: 2000 }));
    expect(wide.status).toBe('fail');
    expect(wide.fix).toMatch(/1:1 canvas: width 2011 and height 2011 px/);
    const limit = 5 * 1024 * 1024;
    expect(verdict('walmart-main', 'file-size', measured({ bytes: limit })).status).toBe('pass');
    expect(verdict('walmart-main', 'file-size', measured({ bytes: limit + 1 })).status).toBe('fail');
  });

  it('a recommended rule only warns (Shopify square)', () => {
    const result = verdict('shopify-product', 'aspect-ratio', measured({ width: 3000, height: 2000 }));
    expect(result.status).toBe('warn');
    expect(result.fix).toMatch(/1:1 canvas/);
  });

  it('format, colour space and transparency', () => {
    expect(verdict('walmart-main', 'format', measured({ format: 'gif' }))).toMatchObject({
      status: 'fail',
      fix: 'Choose JPEG as the output format.',
    });
    expect(verdict('amazon-main', 'format', measured({ format: 'png' })).measured).toBe(
      'PNG (JPEG preferred)',
    );
    expect(verdict('amazon-main', 'colour-space', measured({ colour: { space: 'srgb' } })).status).toBe(
      'pass',
    );
    expect(
      verdict('amazon-main', 'colour-space', measured({ colour: { space: 'srgb', profile: 'Display P3' } }))
        .status,
    ).toBe('fail');
    expect(verdict('amazon-main', 'colour-space', measured({ colour: { space: 'cmyk' } })).status).toBe(
      'pass',
    );
    expect(verdict('walmart-main', 'colour-space', measured({ colour: { space: 'cmyk' } })).status).toBe(
      'fail',
    );
    const transparent = measured({ format: 'png', alpha: { channel: true, transparentShare: 0.4 } });
    expect(verdict('amazon-main', 'opaque', transparent)).toMatchObject({ status: 'fail', option: 'color' });
    expect(
      verdict('amazon-main', 'opaque', measured({ alpha: { channel: true, transparentShare: 0 } })).status,
    ).toBe('pass');
  });

  it('AI source type: needed only where a provider generated pixels', () => {
    expect(verdict('google-merchant', 'ai-source-type', measured()).status).toBe('pass');
    expect(verdict('google-merchant', 'ai-source-type', measured({ aiGenerated: true })).status).toBe('fail');
    expect(
      verdict(
        'google-merchant',
        'ai-source-type',
        measured({ aiGenerated: true, digitalSourceType: 'trainedAlgorithmicMedia' }),
      ).status,
    ).toBe('pass');
  });

  it('summarises a report to what a badge and a manifest column need', () => {
    const report = verifyMeasurements(amazon, measured({ subject: subject(1200) }));
    expect(report.status).toBe('fail');
    expect(summarise(report)).toEqual({
      preset: 'amazon-main',
      status: 'fail',
      issues: [
        expect.objectContaining({
          id: 'fill-ratio',
          status: 'fail',
          limit: '≥ 85%',
          fix: expect.stringMatching(/^Padding 20%/),
        }),
      ],
    });
  });
});

describe('user presets', () => {
  const mine: UserPreset = {
    name: 'Shop white',
    dialect: 'claid',
    request: { operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } } },
    rulesFrom: 'amazon-main',
    savedAt: '2026-11-30T10:00:00.000Z',
  };

  it('export → import gives the same presets back', () => {
    const imported = importUserPresets(exportUserPresets([mine]));
    expect(imported).toEqual({ ok: true, presets: [mine] });
  });

  it('refuses a bad file naming the preset and the field', () => {
    expect(importUserPresets('{nope')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not JSON/),
    });
    const badRequest = { ...mine, request: { operations: { background: { color: 'blue' } } } };
    const result = importUserPresets(JSON.stringify({ backdropPresets: 1, presets: [badRequest] }));
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^Preset "Shop white": the request has an error at operations\.background\.color/,
      ),
    });
    const badRules = importUserPresets(JSON.stringify({ ...mine, rulesFrom: 'amazon' }));
    expect(badRules).toMatchObject({
      ok: false,
      message: expect.stringMatching(/"rulesFrom" must be one of amazon-main/),
    });
    const badFinish = importUserPresets(JSON.stringify({ ...mine, finish: { shadow: { type: 'glow' } } }));
    expect(badFinish).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^Preset "Shop white": the finishing has an error at finish\.shadow\.type/,
      ),
    });
    const withFinish = { ...mine, finish: { shadow: { type: 'contact', opacity: 0.6 } } };
    expect(importUserPresets(JSON.stringify(withFinish))).toEqual({ ok: true, presets: [withFinish] });
    expect(importUserPresets(JSON.stringify({ backdropPresets: 2, presets: [mine] }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/format 2/),
    });
  });

  it('an imported preset replaces one of the same name', () => {
    const newer = { ...mine, dialect: 'deep-image' as const, request: {} };
    expect(mergeUserPresets([mine], [{ ...newer, name: 'shop WHITE' }])).toEqual([
      { ...newer, name: 'shop WHITE' },
    ]);
  });
});
