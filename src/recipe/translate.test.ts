import { describe, expect, it } from 'vitest';
import {
  RequestError,
  fromPlan,
  requestWarnings,
  toPlan,
  translate,
  validate,
  type JsonObject,
} from './index.ts';

const noErrors = (dialect: 'claid' | 'deep-image', request: JsonObject) =>
  expect(validate(dialect, request).filter((issue) => issue.severity === 'error')).toEqual([]);

describe('translate claid → deep-image', () => {
  it('blur has no Deep-Image option: dropped, named at the blur path', () => {
    const { request, losses } = translate(
      { operations: { background: { blur: { type: 'lens' } } } },
      'claid',
      'deep-image',
    );
    expect(losses).toContainEqual(
      expect.objectContaining({ path: 'operations.background.blur', kind: 'dropped' }),
    );
    expect(request).not.toHaveProperty('background');
    noErrors('deep-image', request);
  });
  it('selective → item is an approximation', () => {
    const source = {
      operations: { background: { remove: { selective: { object_to_keep: 'bottle' } }, color: '#C5C6FF' } },
    };
    const { request, losses } = translate(source, 'claid', 'deep-image');
    expect(request).toEqual({ background: { remove: 'item', color: '#C5C6FF' }, output_format: 'jpeg' });
    expect(losses).toEqual([
      expect.objectContaining({
        path: 'operations.background.remove.selective.object_to_keep',
        kind: 'approximated',
      }),
    ]);
  });
  it('clipping, size, canvas fit, percent padding and transparency carry over', () => {
    const source = {
      operations: {
        resizing: { width: 1000, height: 1000, fit: 'canvas' },
        background: { remove: { category: 'products', clipping: true }, color: 'transparent' },
        padding: '10%',
      },
      output: { format: 'png' },
    };
    const { request, losses } = translate(source, 'claid', 'deep-image');
    expect(request).toEqual({
      width: 1000,
      height: 1000,
      fit: { crop: 'item' },
      background: { remove: 'item', color: 'transparent' },
      padding: '10%',
      output_format: 'png',
    });
    expect(losses.map((loss) => loss.path)).toEqual(['operations.background.remove']);
    const before = toPlan('claid', source);
    const after = toPlan('deep-image', request);
    expect(after.frame).toEqual(
      before.frame.unsizedTarget === 'input' ? { ...before.frame, unsizedTarget: 'subject' } : before.frame,
    );
    expect(after.background).toEqual(before.background);
  });
  it('AVIF, smart crop, unknown keys and Claid-only encoder options are reported', () => {
    const source = {
      operations: { resizing: { width: 500, fit: { type: 'crop', crop: 'smart' } } },
      output: { format: { type: 'avif', quality: 60, compression: 'fast' } },
      colour: 'red',
    };
    const { request, losses } = translate(source, 'claid', 'deep-image');
    expect(request).toEqual({ width: 500, fit: { crop: 'content' }, output_format: 'webp', quality: 60 });
    expect(losses.map((loss) => `${loss.kind} ${loss.path}`).sort()).toEqual([
      'approximated operations.resizing.fit',
      'approximated output.format',
      'dropped colour',
      'dropped output.format.compression',
    ]);
  });
  it('clipping without a size is scaled back to the input on Claid but not on Deep-Image', () => {
    const { losses } = translate(
      { operations: { background: { remove: { clipping: true } } } },
      'claid',
      'deep-image',
    );
    expect(losses).toContainEqual(
      expect.objectContaining({ path: 'operations.background.remove.clipping', kind: 'approximated' }),
    );
  });
});

describe('translate deep-image → claid', () => {
  it('generate has no Claid option: dropped, the tint survives as the colour', () => {
    const source = { background: { generate: { description: 'beach', color: [217, 179, 190] } } };
    const { request, losses } = translate(source, 'deep-image', 'claid');
    expect(request).toEqual({
      operations: { background: { remove: { category: 'general' }, color: '#D9B3BE' } },
      output: { format: 'jpeg' },
    });
    expect(losses).toContainEqual(expect.objectContaining({ path: 'background.generate', kind: 'dropped' }));
    noErrors('claid', request);
  });
  it('auto colour, replace, min_length, max_file_size, url are reported', () => {
    const auto = translate(
      {
        background: { remove: 'human', color: 'auto' },
        min_length: 900,
        max_file_size: 9000,
        url: 'https://x/y.png',
      },
      'deep-image',
      'claid',
    );
    expect(auto.losses.map((loss) => `${loss.kind} ${loss.path}`).sort()).toEqual([
      'approximated background.color',
      'approximated background.remove',
      'dropped max_file_size',
      'dropped min_length',
      'dropped url',
    ]);
    expect(auto.request).toMatchObject({
      operations: { background: { remove: { category: 'general' }, color: '#FFFFFF' } },
    });
    const replace = translate(
      { background: { remove: 'auto', replace: 'https://x/bg.jpg' }, output_format: 'png' },
      'deep-image',
      'claid',
    );
    expect(replace.losses).toContainEqual(
      expect.objectContaining({ path: 'background.replace', kind: 'dropped' }),
    );
    expect(replace.request).toMatchObject({
      operations: { background: { color: 'transparent' } },
      output: { format: 'png' },
    });
  });
  it('the item-cropping seed becomes clipping on a canvas with percent padding', () => {
    const source = {
      width: 1000,
      height: 1000,
      fit: { crop: 'item' },
      background: { remove: 'item', color: '#FFFFFF' },
      padding: 100,
    };
    const { request, losses } = translate(source, 'deep-image', 'claid');
    expect(request).toEqual({
      operations: {
        resizing: { width: 1000, height: 1000, fit: 'canvas' },
        background: { remove: { category: 'products', clipping: true }, color: '#FFFFFF' },
        padding: '10%',
      },
      output: { format: 'jpeg' },
    });
    expect(losses.map((loss) => loss.path).sort()).toEqual(['background.remove', 'padding']);
  });
  it('an unsized item crop keeps the clipped region (fit bounds)', () => {
    const { request } = translate(
      { fit: { crop: 'item' }, background: { remove: 'auto' } },
      'deep-image',
      'claid',
    );
    expect(request).toMatchObject({
      operations: { resizing: { fit: 'bounds' }, background: { remove: { clipping: true } } },
    });
    expect(toPlan('claid', request).frame.unsizedTarget).toBe('subject');
  });
  it('pixel padding on a non-square frame survives the round trip through Claid percentages', () => {
    const source = { width: 800, height: 1000, background: { remove: 'item' }, padding: 100 };
    const claid = translate(source, 'deep-image', 'claid').request;
    expect(claid).toMatchObject({ operations: { padding: '10% 12.5%' } });
    const back = translate(claid, 'claid', 'deep-image');
    expect(back.request).toMatchObject({ width: 800, height: 1000, padding: 100 });
    expect(back.losses.map((loss) => loss.path)).not.toContain('operations.padding');
  });
  it('padding that rounds to nothing comes back as 0 both ways (a fast-check counterexample)', () => {
    const claid: JsonObject = { operations: { resizing: { width: 1, height: 1 }, padding: '1% 2%' } };
    const there = translate(claid, 'claid', 'deep-image').request;
    const again = translate(translate(there, 'deep-image', 'claid').request, 'claid', 'deep-image').request;
    expect(there.padding).toBe(0);
    expect(again).toEqual(there);
  });
  it('pixel padding without a fixed size cannot be converted and says so', () => {
    const { request, losses } = translate(
      { background: { remove: 'auto' }, padding: 40 },
      'deep-image',
      'claid',
    );
    expect(request).not.toHaveProperty('operations.padding');
    expect(losses).toContainEqual(expect.objectContaining({ path: 'padding', kind: 'dropped' }));
  });
});

describe('translate in general', () => {
  it('refuses an invalid source with a RequestError that lists the issues', () => {
    try {
      translate({ background: { remove: 'magic' } }, 'deep-image', 'claid');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequestError);
      expect((error as RequestError).issues[0]!.path).toBe('background.remove');
    }
  });
  it('same dialect is a copy without losses', () => {
    const request = { background: { remove: 'auto' } };
    const result = translate(request, 'deep-image', 'deep-image');
    expect(result).toEqual({ request, losses: [] });
    expect(result.request).not.toBe(request);
  });
  it('fromPlan names plan paths when there is no source request', () => {
    const plan = toPlan('claid', { operations: { background: { blur: true } } });
    expect(fromPlan(plan, 'deep-image').losses).toEqual([
      expect.objectContaining({ path: 'background', kind: 'dropped' }),
    ]);
  });
});

describe('engine warnings back in the request’s words', () => {
  it('maps a plan fact to each dialect’s own path and keeps Backdrop’s own paths', () => {
    const warnings = [
      { feature: 'color' as const, message: 'auto colour' },
      { feature: 'maxFileSize' as const, message: 'too big' },
      { path: 'finish.shadow', message: 'shadow' },
      { message: 'plain' },
    ];
    expect(requestWarnings('deep-image', warnings)).toEqual([
      { path: 'background.color', message: 'auto colour' },
      { path: 'max_file_size', message: 'too big' },
      { path: 'finish.shadow', message: 'shadow' },
      { message: 'plain' },
    ]);
    expect(requestWarnings('claid', warnings).map((w) => w.path)).toEqual([
      'operations.background.color',
      'output',
      'finish.shadow',
      undefined,
    ]);
  });
});
