/**
 * Claid's image-editing request body minus `input` (the BFF supplies the image). Loose objects: unknown
 * keys are kept (and flagged by the `unknown-key` rule) so a pasted request is never silently trimmed.
 */
// zod/mini: the same checks and issues as classic zod without its method chains and JSON Schema output,
// which kept ~8 KB gzip of unused code in the editor's first paint (README, initial JavaScript).
import { z } from 'zod/mini';

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
export const CLAID_CATEGORIES = ['general', 'products', 'cars'] as const;
const CLAID_BLUR_TYPES = ['regular', 'lens'] as const;
const CLAID_BLUR_LEVELS = ['low', 'medium', 'high'] as const;
const CLAID_FITS = ['crop', 'cover', 'bounds', 'canvas', 'outpaint'] as const;
const CLAID_CROP_GRAVITIES = ['center', 'smart'] as const;
const CLAID_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'tiff'] as const;
/** One to four percentages, CSS order (top right bottom left shorthand). */
const CLAID_PADDING = /^\d+(\.\d+)?%( \d+(\.\d+)?%){0,3}$/;
const PERCENT = /^\d+(\.\d+)?%$/;

const category = z.enum(CLAID_CATEGORIES);
/** Newer pages also allow `{type: "products", version}` to pin a model version. */
const versionedCategory = z.looseObject({ type: category, version: z.optional(z.string()) });
const selective = z.looseObject({ object_to_keep: z.string().check(z.minLength(3), z.maxLength(128)) });

const remove = z.union([
  z.boolean(),
  z.looseObject({
    category: z.optional(z.union([category, versionedCategory])),
    selective: z.optional(selective),
    clipping: z.optional(z.boolean()),
  }),
]);

const blur = z.union([
  z.boolean(),
  z.looseObject({
    category: z.optional(category),
    selective: z.optional(selective),
    type: z.optional(z.enum(CLAID_BLUR_TYPES)),
    level: z.optional(z.enum(CLAID_BLUR_LEVELS)),
  }),
]);

const color = z.union([z.literal('transparent'), z.string().check(z.regex(HEX_COLOR))]);
const length = z.union([z.int().check(z.positive()), z.string().check(z.regex(PERCENT))]);

const fit = z.union([
  z.enum(CLAID_FITS),
  z.looseObject({ type: z.literal('crop'), crop: z.optional(z.enum(CLAID_CROP_GRAVITIES)) }),
  z.looseObject({ type: z.literal('outpaint') }),
]);

const format = z.union([
  z.enum(CLAID_FORMATS),
  z.looseObject({
    type: z.enum(CLAID_FORMATS),
    quality: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
    progressive: z.optional(z.boolean()),
    lossless: z.optional(z.boolean()),
    compression: z.optional(z.string()),
  }),
]);

export const claidRequestSchema = z.looseObject({
  operations: z.optional(
    z.looseObject({
      resizing: z.optional(
        z.looseObject({ width: z.optional(length), height: z.optional(length), fit: z.optional(fit) }),
      ),
      background: z.optional(
        z.looseObject({ remove: z.optional(remove), color: z.optional(color), blur: z.optional(blur) }),
      ),
      padding: z.optional(z.string().check(z.regex(CLAID_PADDING))),
    }),
  ),
  output: z.optional(z.looseObject({ format: z.optional(format) })),
});

export type ClaidRequest = z.infer<typeof claidRequestSchema>;
