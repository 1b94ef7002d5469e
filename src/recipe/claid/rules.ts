/** Claid's rules: relations between options that the schema alone cannot express, in plain sentences. */
import type { Finding, Rule } from '../dialect.ts';
import type { Json, JsonObject } from '../types.ts';
import { getAt, isObject } from '../json.ts';
import { HEX_COLOR } from './schema.ts';

const BG = 'operations.background';
const ALPHA = ['png', 'webp', 'avif'];

/** The output format name, whichever form `output.format` takes; Claid's default is jpeg. */
function claidFormatName(request: JsonObject): Json {
  const format = getAt(request, 'output.format');
  if (isObject(format)) return format.type ?? 'jpeg';
  return format ?? 'jpeg';
}

export function claidRemoveIsOn(request: JsonObject): boolean {
  const remove = getAt(request, `${BG}.remove`);
  return remove === true || isObject(remove);
}

const eachSegmentation = (request: JsonObject) =>
  (['remove', 'blur'] as const)
    .map((op) => ({ op, path: `${BG}.${op}`, value: getAt(request, `${BG}.${op}`) }))
    .filter((entry): entry is { op: 'remove' | 'blur'; path: string; value: JsonObject } =>
      isObject(entry.value),
    );

export const claidRules: Rule[] = [
  {
    code: 'category-with-selective',
    severity: 'error',
    check: (request) =>
      eachSegmentation(request)
        .filter(({ value }) => value.category !== undefined && value.selective !== undefined)
        .map(({ op, path }) => ({
          path: `${path}.selective`,
          message: `Choose either a category or a selective object to keep for ${op === 'remove' ? 'background removal' : 'blurring'}, not both: Claid does not accept them together.`,
        })),
  },
  {
    code: 'object-to-keep-length',
    severity: 'error',
    check: (request) =>
      eachSegmentation(request).flatMap(({ path, value }): Finding[] => {
        if (value.selective === undefined) return [];
        if (!isObject(value.selective)) {
          return [
            {
              path: `${path}.selective`,
              message: 'Selective is an object naming what to keep, like {"object_to_keep": "bottle"}.',
            },
          ];
        }
        const text = value.selective.object_to_keep;
        const at = `${path}.selective.object_to_keep`;
        if (typeof text !== 'string' || text.trim() === '') {
          return [
            {
              path: at,
              message: 'Name the object to keep, e.g. "bottle" or "sleeping bag": it cannot be empty.',
            },
          ];
        }
        if (text.length < 3 || text.length > 128) {
          return [
            {
              path: at,
              message: `The object to keep must be 3 to 128 characters long (now ${text.length}). Keep it short and precise, e.g. "bottle".`,
            },
          ];
        }
        return [];
      }),
  },
  {
    code: 'bad-hex',
    severity: 'error',
    check: (request) => {
      const color = getAt(request, `${BG}.color`);
      if (
        color === undefined ||
        color === 'transparent' ||
        (typeof color === 'string' && HEX_COLOR.test(color))
      )
        return [];
      return [
        {
          path: `${BG}.color`,
          message: `${JSON.stringify(color)} is not a colour Claid understands. Use "transparent" or a hex colour with six digits, like "#C5C6FF".`,
        },
      ];
    },
  },
  {
    code: 'transparent-without-alpha',
    severity: 'warning',
    check: (request) => {
      const format = claidFormatName(request);
      if (
        getAt(request, `${BG}.color`) !== 'transparent' ||
        typeof format !== 'string' ||
        ALPHA.includes(format)
      )
        return [];
      return [
        {
          path: `${BG}.color`,
          message: `A transparent background needs an output format with transparency (PNG, WebP or AVIF). With ${format.toUpperCase()}${getAt(request, 'output.format') === undefined ? ' (the default)' : ''} the background will be white: set output.format to "png", "webp" or "avif".`,
        },
      ];
    },
  },
  {
    code: 'color-without-remove',
    severity: 'warning',
    check: (request) =>
      getAt(request, `${BG}.color`) !== undefined && !claidRemoveIsOn(request)
        ? [
            {
              path: `${BG}.color`,
              message:
                'The background colour only shows once the background is removed. Turn on background removal, or drop the colour.',
            },
          ]
        : [],
  },
  {
    code: 'blur-with-remove',
    severity: 'warning',
    check: (request) => {
      const blur = getAt(request, `${BG}.blur`);
      if (!claidRemoveIsOn(request) || !(blur === true || isObject(blur))) return [];
      return [
        {
          path: `${BG}.blur`,
          message: 'Blurring has nothing to blur once the background is removed. Use either removal or blur.',
        },
      ];
    },
  },
  {
    code: 'clipping-without-size',
    severity: 'warning',
    check: (request) => {
      const remove = getAt(request, `${BG}.remove`);
      if (!isObject(remove) || remove.clipping !== true) return [];
      const resizing = getAt(request, 'operations.resizing');
      const fit = isObject(resizing) ? resizing.fit : undefined;
      const fitName = isObject(fit) ? fit.type : fit;
      const sized = isObject(resizing) && (resizing.width !== undefined || resizing.height !== undefined);
      if (sized || fitName === 'bounds' || (fitName !== undefined && fitName !== 'crop')) return [];
      return [
        {
          path: `${BG}.remove.clipping`,
          message:
            'Clipping without a width or height: Claid crops to the object and then scales the crop back up to the input image’s size. To keep the clipped region as it is, set operations.resizing.fit to "bounds"; to choose a size, set width and height.',
        },
      ];
    },
  },
  {
    code: 'padding-too-large',
    severity: 'error',
    check: (request) => {
      const padding = getAt(request, 'operations.padding');
      if (typeof padding !== 'string') return [];
      const over = padding
        .split(' ')
        .map((part) => Number.parseFloat(part))
        .some((value) => value > 50);
      return over
        ? [
            {
              path: 'operations.padding',
              message: 'Each side’s padding can be at most 50% (half the width or height).',
            },
          ]
        : [];
    },
  },
  {
    code: 'quality-without-lossy-format',
    severity: 'warning',
    check: (request) => {
      const format = getAt(request, 'output.format');
      if (!isObject(format) || format.quality === undefined || !['png', 'tiff'].includes(String(format.type)))
        return [];
      return [
        {
          path: 'output.format.quality',
          message: `Quality only applies to JPEG, WebP and AVIF; ${String(format.type).toUpperCase()} ignores it.`,
        },
      ];
    },
  },
];
