/**
 * Property: print∘parse is the identity on valid requests of both dialects (text → same text, value →
 * same value), and translation of any valid request yields a valid request of the other dialect.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeShare,
  encodeShare,
  parse,
  print,
  translate,
  validate,
  type Dialect,
  type Json,
  type JsonObject,
} from './index.ts';

const optional = <T>(record: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(record, { requiredKeys: [] });
const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => '#' + n.toString(16).padStart(6, '0'));
const text = fc.string({ minLength: 3, maxLength: 40 }).filter((s) => s.trim().length >= 3);
const percent = fc.integer({ min: 1, max: 50 }).map((n) => `${n}%`);
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** Unknown keys are kept after the known ones; give some requests one. */
const withUnknown = (arb: fc.Arbitrary<JsonObject>) =>
  fc
    .tuple(
      arb,
      fc.option(
        fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as Json), // JSON has no -0
        { nil: undefined },
      ),
    )
    .map(([request, extra]) => (extra === undefined ? request : { ...request, x_custom: extra }));

const claidSegmentation = fc.oneof(
  optional({ category: pick('general', 'products', 'cars') }),
  fc.record({ selective: fc.record({ object_to_keep: text }) }),
);
/** Removal alone also takes a versioned category. */
const claidRemoveSegmentation = fc.oneof(
  claidSegmentation,
  fc.record({
    category: fc.record({ type: pick('general', 'products', 'cars'), version: pick('v1', 'v2') }),
  }),
);
const claidRequest: fc.Arbitrary<JsonObject> = optional({
  operations: optional({
    resizing: optional({
      width: fc.oneof(fc.integer({ min: 1, max: 5000 }), percent),
      height: fc.oneof(fc.integer({ min: 1, max: 5000 }), percent),
      fit: fc.oneof(
        pick('crop', 'cover', 'bounds', 'canvas', 'outpaint'),
        fc.record({ type: fc.constant('crop'), crop: pick('center', 'smart') }),
        fc.record({ type: fc.constant('outpaint') }),
      ),
    }),
    background: fc.oneof(
      optional({
        remove: fc.oneof(
          fc.boolean(),
          fc
            .tuple(claidRemoveSegmentation, optional({ clipping: fc.boolean() }))
            .map(([a, b]) => ({ ...a, ...b })),
        ),
        color: fc.oneof(fc.constant('transparent'), hex),
      }),
      fc.record({
        blur: fc.oneof(
          fc.boolean(),
          fc
            .tuple(
              claidSegmentation,
              optional({ type: pick('regular', 'lens'), level: pick('low', 'medium', 'high') }),
            )
            .map(([a, b]) => ({ ...a, ...b })),
        ),
      }),
    ),
    padding: fc.array(percent, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' ')),
  }),
  output: optional({
    format: fc.oneof(
      pick('jpeg', 'png', 'webp', 'avif', 'tiff'),
      fc.record({ type: pick('jpeg', 'webp', 'avif'), quality: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ type: fc.constant('jpeg'), progressive: fc.boolean() }),
      fc.record({ type: fc.constant('webp'), lossless: fc.boolean() }),
    ),
  }),
}) as fc.Arbitrary<JsonObject>;

const deepImageBackground = fc.oneof(
  optional({
    remove: pick('auto', 'v2', 'human', 'item'),
    color: fc.oneof(pick('auto', 'transparent'), hex),
  }),
  fc.record({ remove: fc.constant('generative'), prompt: text }),
  fc.record({ remove: pick('auto', 'item'), replace: fc.webUrl() }),
  fc.record({
    generate: fc
      .tuple(
        fc.record({ description: text }),
        optional({
          item_area_percentage: fc.double({ min: 0, max: 1, noNaN: true }),
          sample_num: fc.integer(),
          color: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)),
          background_url: fc.webUrl(),
          model_type: pick('realistic', 'fantasy', 'premium'),
          adapter_type: pick('generate_background', 'inpainting'),
          negative_prompt: text,
        }),
      )
      .map(([a, b]) => ({ ...a, ...b })),
  }),
);
const deepImageRequest: fc.Arbitrary<JsonObject> = optional({
  url: fc.webUrl(),
  width: fc.oneof(fc.integer({ min: 1, max: 5000 }), percent),
  height: fc.oneof(fc.integer({ min: 1, max: 5000 }), percent),
  min_length: fc.integer({ min: 1, max: 5000 }),
  fit: fc.oneof(pick('canvas', 'crop', 'bounds', 'cover'), fc.record({ crop: pick('content', 'center') })),
  background: deepImageBackground,
  padding: fc.oneof(fc.nat(500), percent),
  output_format: pick('jpeg', 'jpg', 'png', 'webp'),
  quality: fc.integer({ min: 1, max: 100 }),
  max_file_size: fc.integer({ min: 1, max: 10_000_000 }),
}) as fc.Arbitrary<JsonObject>;

/** Item cropping (needs removal) and the legacy form, which the flat record above cannot express. */
const deepImageSpecial: fc.Arbitrary<JsonObject> = fc.oneof(
  fc.record(
    {
      width: fc.integer({ min: 100, max: 3000 }),
      height: fc.integer({ min: 100, max: 3000 }),
      fit: fc.constant({ crop: 'item' }),
      background: fc.record({ remove: pick('auto', 'item', 'v2'), color: hex }),
      padding: fc.nat(49),
    },
    { requiredKeys: ['fit', 'background'] },
  ),
  fc.record({
    remove_background: optional({
      type: pick('auto', 'v2', 'human', 'item'),
      background: fc.oneof(pick('auto', 'transparent'), hex),
    }),
  }),
) as fc.Arbitrary<JsonObject>;

const GENERATORS: Record<Dialect, fc.Arbitrary<JsonObject>> = {
  claid: withUnknown(claidRequest),
  'deep-image': withUnknown(
    fc.oneof({ arbitrary: deepImageRequest, weight: 4 }, { arbitrary: deepImageSpecial, weight: 1 }),
  ),
};
const errorsOf = (dialect: Dialect, request: JsonObject) =>
  validate(dialect, request).filter((issue) => issue.severity === 'error');

describe.each(['claid', 'deep-image'] as const)('%s properties', (dialect) => {
  it('generated requests are valid (the generator matches the schema and rules)', () => {
    fc.assert(
      fc.property(GENERATORS[dialect]!, (request) => {
        expect(errorsOf(dialect, request)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
  it('print∘parse is the identity on printed text, and parse∘print keeps the value', () => {
    fc.assert(
      fc.property(GENERATORS[dialect]!, (request) => {
        const text = print(request, dialect);
        const parsed = parse(text, dialect);
        expect(parsed.ok).toBe(true);
        expect(parsed.request).toEqual(request);
        expect(print(parsed.request!, dialect)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
  it('translation yields a valid request of the other dialect', () => {
    const other: Dialect = dialect === 'claid' ? 'deep-image' : 'claid';
    fc.assert(
      fc.property(GENERATORS[dialect]!, (request) => {
        const { request: translated, losses } = translate(request, dialect, other);
        expect(errorsOf(other, translated)).toEqual([]);
        for (const loss of losses) expect(loss.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 300 },
    );
  });
});

describe.each(['claid', 'deep-image'] as const)('%s: more properties', (dialect) => {
  const other: Dialect = dialect === 'claid' ? 'deep-image' : 'claid';
  it('a round trip through the other dialect reaches a fixed point', () => {
    fc.assert(
      fc.property(GENERATORS[dialect]!, (request) => {
        // Padding of half the frame or more is clamped by Claid (at most 50%), so it cannot come back.
        const px = (value: Json | undefined) => (typeof value === 'number' ? value : undefined);
        const side = Math.min(px(request.width) ?? Infinity, px(request.height) ?? Infinity);
        fc.pre(!(typeof request.padding === 'number' && request.padding * 2 >= side));
        const there = translate(request, dialect, other).request;
        const back = translate(there, other, dialect).request;
        const again = translate(back, dialect, other).request;
        expect(again).toEqual(there);
      }),
      { numRuns: 300 },
    );
  });
  it('share links round-trip every request', () => {
    fc.assert(
      fc.property(GENERATORS[dialect]!, (request) => {
        expect(decodeShare(encodeShare(dialect, request))).toEqual({ ok: true, dialect, request });
      }),
      { numRuns: 200 },
    );
  });
  it('validate never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const issues = validate(dialect, value as JsonObject);
        for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parse on arbitrary text', () => {
  it('never throws, and locates every syntax error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((text) => text.slice(0, -1)),
        ),
        (text) => {
          const result = parse(text);
          for (const issue of result.issues) {
            if (issue.code === 'json-syntax') expect(issue.line).toBeGreaterThanOrEqual(1);
          }
          expect(result.ok).toBe(result.issues.every((issue) => issue.severity !== 'error'));
        },
      ),
      { numRuns: 500 },
    );
  });
});
