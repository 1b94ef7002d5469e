import { describe, expect, it } from 'vitest';
import {
  LOCAL_APPROXIMATIONS,
  localApproximationsIn,
  localApproximationWarnings,
} from './local-approximations.ts';
import { toPlan } from './convert.ts';
import { defaultRequest, validate } from './request.ts';
import { optionDoc } from './dialects.ts';
import { setAt } from './json.ts';
import type { Dialect, Json, JsonObject } from './types.ts';

/** A value the schema accepts for an option a row lists without values. */
function sampleValue(dialect: Dialect, path: string): Json {
  if (path.endsWith('object_to_keep')) return 'glass of beer';
  if (path.endsWith('context_images')) return ['https://example.com/a.jpg'];
  if (path.endsWith('controlnet_conditioning_scale')) return 0.5;
  const documented = optionDoc(dialect, path)?.values?.[0]?.value;
  return documented ?? 'a scene';
}

/** The smallest valid request that uses one option with one value. */
function requestUsing(dialect: Dialect, path: string, value: Json): JsonObject {
  let request = setAt({}, path, value);
  if (path.startsWith('operations.resizing')) request = setAt(request, 'operations.resizing.width', 800);
  return request;
}

const cases = LOCAL_APPROXIMATIONS.flatMap((row) =>
  row.options.flatMap((option) =>
    (option.values ?? [sampleValue(option.dialect, option.path)]).map((value) => ({
      row,
      dialect: option.dialect,
      path: option.path,
      value,
    })),
  ),
);

describe('the table of local approximations', () => {
  it.each(cases.map((c) => [`${c.row.id}: ${c.dialect} ${c.path} = ${JSON.stringify(c.value)}`, c]))(
    '%s: the editor marks it and the engine warns about it',
    (_, { row, dialect, path, value }) => {
      const request = requestUsing(dialect, path, value);
      expect(validate(dialect, request).filter((i) => i.severity === 'error')).toEqual([]);
      expect(localApproximationsIn(dialect, request, () => true)).toContain(row);
      const plan = toPlan(dialect, request);
      expect(row.inPlan(plan)).toBe(true);
      expect(localApproximationWarnings(plan, 'isnet')).toContainEqual(row.warning(plan, 'isnet'));
    },
  );

  it('marks nothing in what runs as the provider documents it: Automatic, auto, a colour, a size', () => {
    const requests: [Dialect, JsonObject][] = [
      ['claid', { operations: { background: { remove: true, color: '#FFFFFF' } } }],
      ['claid', { operations: { background: { blur: { type: 'lens' } } } }],
      ['claid', { operations: { resizing: { width: 800, fit: 'canvas' } } }],
      ['deep-image', defaultRequest('deep-image')],
      ['deep-image', { background: { generate: { item_area_percentage: 0.5, sample_num: 3 } } }],
    ];
    for (const [dialect, request] of requests) {
      expect(
        localApproximationsIn(dialect, request, () => true),
        JSON.stringify(request),
      ).toEqual([]);
    }
  });

  it('finds options by path, so a control asks only about what is under it', () => {
    const request = setAt(
      setAt({}, 'operations.background.remove.category', 'cars'),
      'operations.resizing.fit',
      'outpaint',
    );
    const ids = (where: (p: string) => boolean) =>
      localApproximationsIn('claid', request, where).map((row) => row.id);
    expect(ids((p) => p.startsWith('operations.background.remove'))).toEqual(['claid-category']);
    expect(ids((p) => p.startsWith('operations.resizing'))).toEqual(['outpaint']);
    expect(ids(() => true)).toEqual(['claid-category', 'outpaint']);
  });

  it('words the warnings for the plan that ran', () => {
    const plan = toPlan('claid', {
      operations: { background: { remove: { selective: { object_to_keep: 'glass of beer' } } } },
    });
    expect(localApproximationWarnings(plan, 'isnet-1024')).toEqual([
      {
        path: 'operations.background.remove.selective.object_to_keep',
        message:
          'Selective ("glass of beer") is approximated: the local salient-object model (isnet-1024) keeps the most prominent object, not specifically "glass of beer".',
      },
    ]);
  });
});
