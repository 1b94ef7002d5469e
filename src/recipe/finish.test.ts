import { describe, expect, it } from 'vitest';
import {
  describeFinish,
  isEmptyFinish,
  parseFinish,
  parseFinishText,
  PLACEMENT_DEFAULTS,
  resolveFinish,
  SHADOW_DEFAULTS,
} from './index.ts';

const errorsOf = (value: unknown) => {
  const parsed = parseFinish(value);
  return parsed.ok ? [] : parsed.issues.map((issue) => [issue.path, issue.message] as const);
};

describe('finish settings', () => {
  it('accept the documented shape and keep it as written', () => {
    const finish = {
      shadow: { type: 'cast', opacity: 0.5, softness: 0.2, angle: 215, elevation: 45, color: '#112233' },
      placement: { anchor: 'floor', x: 0.5, scale: 0.85, margin: 0.05 },
    };
    expect(parseFinish(finish)).toEqual({ ok: true, finish });
    expect(parseFinish({})).toEqual({ ok: true, finish: {} });
  });

  it('name the path under finish and the allowed values or range in every error', () => {
    expect(errorsOf({ shadow: { type: 'glow' } })).toEqual([
      [
        'finish.shadow.type',
        '"glow" is not a choice for Shadow (shadow.type); use "none", "contact", "cast", "drop" or "keep".',
      ],
    ]);
    expect(errorsOf({ shadow: { type: 'cast', opacity: 1.5 } })).toEqual([
      ['finish.shadow.opacity', 'Opacity (shadow.opacity) must be between 0 and 1, not 1.5.'],
    ]);
    expect(errorsOf({ shadow: { type: 'cast', elevation: 2 } })[0]![0]).toBe('finish.shadow.elevation');
    expect(errorsOf({ shadow: { type: 'drop', color: 'black' } })).toEqual([
      ['finish.shadow.color', 'Shadow colour (shadow.color) must be a colour written #RRGGBB, not "black".'],
    ]);
    expect(errorsOf({ shadow: { opacity: 0.2 } })).toEqual([
      [
        'finish.shadow.type',
        'Shadow (shadow.type) is required; use "none", "contact", "cast", "drop" or "keep".',
      ],
    ]);
    expect(errorsOf({ placement: { scale: '80%' } })).toEqual([
      ['finish.placement.scale', 'Fill (placement.scale) must be a number, not "80%".'],
    ]);
    expect(errorsOf({ shadow: { type: 'cast', blur: 3 } })).toEqual([
      [
        'finish.shadow.blur',
        '"blur" is not a finishing setting here; use "type", "opacity", "softness", "angle", "elevation" or "color".',
      ],
    ]);
    expect(errorsOf({ shade: true })[0]).toEqual([
      'finish.shade',
      '"shade" is not a finishing setting here; use "shadow" or "placement".',
    ]);
    expect(errorsOf([])[0]![0]).toBe('finish');
  });

  it('report JSON syntax errors at the prefix', () => {
    const parsed = parseFinishText('{"shadow": ', 'finish');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues[0]!.path).toBe('finish');
    expect(!parsed.ok && parsed.issues[0]!.message).toMatch(/not valid JSON/);
  });

  it('fill in the defaults of the chosen kind and of placement', () => {
    expect(resolveFinish({ shadow: { type: 'contact' } })).toEqual({
      shadow: { type: 'contact', ...SHADOW_DEFAULTS.contact },
      placement: null,
    });
    const resolved = resolveFinish({ shadow: { type: 'cast', angle: 90, color: '#abcdef' }, placement: {} });
    expect(resolved.shadow).toEqual({ ...SHADOW_DEFAULTS.cast, type: 'cast', angle: 90, color: '#ABCDEF' });
    expect(resolved.placement).toEqual(PLACEMENT_DEFAULTS);
    expect(resolveFinish({ shadow: { type: 'none' } })).toEqual({ shadow: null, placement: null });
    expect(isEmptyFinish({ shadow: { type: 'none' } })).toBe(true);
    expect(isEmptyFinish({ placement: {} })).toBe(false);
  });

  it('describe the settings in force in plain words', () => {
    expect(describeFinish({ shadow: { type: 'cast' }, placement: { scale: 0.85 } })).toEqual([
      'Cast shadow · opacity 0.45 · softness 0.5 · light from 215° at 35°',
      'Placed on the floor line · fill 85% · margin 6%',
    ]);
    expect(describeFinish({ shadow: { type: 'keep' } })).toEqual([
      'The photo’s own shadow · opacity 1 · softness 0.2',
    ]);
    expect(describeFinish({ shadow: { type: 'none' } })).toEqual(['No shadow']);
  });
});
