/** Deep-Image's rules: relations between options and designer-level advice, in plain sentences. */
import type { Finding, Rule } from '../dialect.ts';
import type { Json, JsonObject } from '../types.ts';
import { getAt, isObject } from '../json.ts';
import { DI_HEX } from './schema.ts';

/** Removal happens when asked for, and implicitly when a background is generated or replaced. */
export function diRemovesBackground(request: JsonObject): boolean {
  return (
    getAt(request, 'background.remove') !== undefined ||
    getAt(request, 'background.generate') !== undefined ||
    getAt(request, 'background.replace') !== undefined ||
    getAt(request, 'remove_background') !== undefined
  );
}

const colorFinding = (path: string, value: Json | undefined): Finding[] =>
  value === undefined ||
  value === 'auto' ||
  value === 'transparent' ||
  (typeof value === 'string' && DI_HEX.test(value))
    ? []
    : [
        {
          path,
          message: `${JSON.stringify(value)} is not a colour Deep-Image understands. Use "auto", "transparent" or a hex colour with six digits, like "#FFFFFF".`,
        },
      ];

const URL_FIELDS = [
  {
    path: 'background.replace',
    what: 'The replacement image',
    note: ' An uploaded file stands in for it on the local engine only.',
  },
  { path: 'background.generate.background_url', what: 'The image to blend in', note: '' },
  { path: 'webhooks.complete', what: 'The webhook', note: '' },
];

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const deepImageRules: Rule[] = [
  {
    code: 'legacy-remove-background',
    severity: 'warning',
    check: (request) =>
      request.remove_background === undefined
        ? []
        : [
            {
              path: 'remove_background',
              message:
                '"remove_background" is the older form shown on the docs page. It still parses, but the current form is background.remove (the type) and background.color (the background); use the suggested modern equivalent.',
            },
          ],
  },
  {
    code: 'legacy-with-modern',
    severity: 'warning',
    check: (request) =>
      request.remove_background !== undefined && request.background !== undefined
        ? [
            {
              path: 'remove_background',
              message:
                'Both "remove_background" (older form) and "background" are set; Backdrop follows "background". Remove one of them.',
            },
          ]
        : [],
  },
  {
    code: 'bad-hex',
    severity: 'error',
    check: (request) => [
      ...colorFinding('background.color', getAt(request, 'background.color')),
      ...colorFinding('remove_background.background', getAt(request, 'remove_background.background')),
    ],
  },
  {
    code: 'bad-rgb',
    severity: 'error',
    check: (request) => {
      const color = getAt(request, 'background.generate.color');
      const path = 'background.generate.color';
      if (color === undefined || (typeof color === 'string' && DI_HEX.test(color))) return [];
      const channelOk = (value: Json) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;
      if (Array.isArray(color) && color.length === 3 && color.every(channelOk)) return [];
      if (Array.isArray(color) && color.length === 3) {
        return color
          .map((value, index) => ({ value, index }))
          .filter(({ value }) => !channelOk(value))
          .map(({ value, index }) => ({
            path: `${path}.${index}`,
            message: `Each tint channel is a whole number from 0 to 255; ${JSON.stringify(value)} is not.`,
          }));
      }
      return [
        {
          path,
          message:
            'The tint is a list of three whole numbers from 0 to 255 (red, green, blue), like [217, 179, 190], or a hex colour like "#D9B3BE".',
        },
      ];
    },
  },
  {
    code: 'item-area-out-of-range',
    severity: 'error',
    check: (request) => {
      const value = getAt(request, 'background.generate.item_area_percentage');
      if (value === undefined || (typeof value === 'number' && value >= 0 && value <= 1)) return [];
      const hint =
        typeof value === 'number' && value > 1 && value <= 100 ? ` For ${value}%, write ${value / 100}.` : '';
      return [
        {
          path: 'background.generate.item_area_percentage',
          message: `The object size is a fraction between 0 and 1 (0.65 = 65% of the image), not ${JSON.stringify(value)}.${hint}`,
        },
      ];
    },
  },
  {
    code: 'sample-num-not-integer',
    severity: 'error',
    check: (request) => {
      const value = getAt(request, 'background.generate.sample_num');
      if (value === undefined || (typeof value === 'number' && Number.isInteger(value))) return [];
      return [
        {
          path: 'background.generate.sample_num',
          message: `The seed must be a whole number, like 12663, not ${JSON.stringify(value)}. Leave it out for a different result each time.`,
        },
      ];
    },
  },
  {
    code: 'transparent-without-alpha',
    severity: 'warning',
    check: (request) => {
      const color = getAt(request, 'background.color') ?? getAt(request, 'remove_background.background');
      const format = request.output_format;
      if (color !== 'transparent' || format === 'png' || format === 'webp') return [];
      const path =
        getAt(request, 'background.color') !== undefined
          ? 'background.color'
          : 'remove_background.background';
      return [
        {
          path,
          message:
            format === undefined
              ? 'A transparent background needs PNG or WebP. No output_format is set, so set "output_format": "png" (or "webp") to be sure the background stays empty.'
              : `A transparent background needs PNG or WebP; with ${String(format).toUpperCase()} it will be white. Set output_format to "png" or "webp".`,
        },
      ];
    },
  },
  {
    code: 'crop-item-without-remove',
    severity: 'warning',
    check: (request) =>
      isObject(request.fit) && request.fit.crop === 'item' && !diRemovesBackground(request)
        ? [
            {
              path: 'fit.crop',
              message:
                'Cropping to the item needs background removal to find the item. Add background.remove (e.g. "auto").',
            },
          ]
        : [],
  },
  {
    code: 'replace-with-generate',
    severity: 'error',
    check: (request) =>
      getAt(request, 'background.replace') !== undefined &&
      getAt(request, 'background.generate') !== undefined
        ? [
            {
              path: 'background.replace',
              message:
                'Choose either a replacement image or a generated background, not both. To blend an image into a generated background, use generate.background_url.',
            },
          ]
        : [],
  },
  {
    code: 'color-with-replace-or-generate',
    severity: 'warning',
    check: (request) =>
      getAt(request, 'background.color') !== undefined &&
      (getAt(request, 'background.replace') !== undefined ||
        getAt(request, 'background.generate') !== undefined)
        ? [
            {
              path: 'background.color',
              message:
                'The background colour is hidden by the replacement or generated background. Drop one of them.',
            },
          ]
        : [],
  },
  {
    code: 'color-without-remove',
    severity: 'warning',
    check: (request) =>
      getAt(request, 'background.color') !== undefined && !diRemovesBackground(request)
        ? [
            {
              path: 'background.color',
              message:
                'The background colour only shows once the background is removed. Add background.remove (e.g. "auto").',
            },
          ]
        : [],
  },
  {
    code: 'prompt-without-generative',
    severity: 'warning',
    check: (request) => {
      const prompt = getAt(request, 'background.prompt');
      const remove = getAt(request, 'background.remove');
      if (prompt !== undefined && remove !== 'generative') {
        return [
          {
            path: 'background.prompt',
            message: 'The prompt is only used with remove "generative"; other removal types ignore it.',
          },
        ];
      }
      if (remove === 'generative' && (typeof prompt !== 'string' || prompt.trim() === '')) {
        return [
          {
            path: 'background.remove',
            message: 'Generative removal works from a prompt: add background.prompt describing what to keep.',
          },
        ];
      }
      return [];
    },
  },
  {
    code: 'generate-without-description',
    severity: 'warning',
    check: (request) => {
      const generate = getAt(request, 'background.generate');
      if (!isObject(generate)) return [];
      const description = generate.description;
      return typeof description === 'string' && description.trim() !== ''
        ? []
        : [
            {
              path: 'background.generate.description',
              message:
                'Describe the scene to generate, e.g. "item standing on sand with beach in background".',
            },
          ];
    },
  },
  {
    code: 'not-a-url',
    severity: 'warning',
    check: (request) =>
      URL_FIELDS.flatMap(({ path, what, note }): Finding[] => {
        const value = getAt(request, path);
        // Empty is a field not filled in yet (the editor asks for it), not a wrong address.
        if (value === undefined || value === '' || (typeof value === 'string' && isWebUrl(value))) return [];
        return [
          {
            path,
            message: `${what} needs a public http(s) address that Deep-Image can reach, like "https://example.com/backdrop.jpg"; ${JSON.stringify(value)} is not one.${note}`,
          },
        ];
      }),
  },
  {
    code: 'padding-too-large',
    severity: 'warning',
    check: (request) => {
      const padding = request.padding;
      return typeof padding === 'string' && Number.parseFloat(padding) >= 50
        ? [{ path: 'padding', message: 'Padding of 50% or more leaves no room for the object.' }]
        : [];
    },
  },
];
