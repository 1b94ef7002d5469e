/**
 * Claid's image-editing request body minus `input` (the BFF supplies the image). Loose objects: unknown
 * keys are kept (and flagged by the `unknown-key` rule) so a pasted request is never silently trimmed.
 */
import { z } from 'zod';

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
const versionedCategory = z.looseObject({ type: category, version: z.string().optional() });
const selective = z.looseObject({ object_to_keep: z.string().min(3).max(128) });

const remove = z.union([
  z.boolean(),
  z.looseObject({
    category: z.union([category, versionedCategory]).optional(),
    selective: selective.optional(),
    clipping: z.boolean().optional(),
  }),
]);

const blur = z.union([
  z.boolean(),
  z.looseObject({
    category: category.optional(),
    selective: selective.optional(),
    type: z.enum(CLAID_BLUR_TYPES).optional(),
    level: z.enum(CLAID_BLUR_LEVELS).optional(),
  }),
]);

const color = z.union([z.literal('transparent'), z.string().regex(HEX_COLOR)]);
const length = z.union([z.int().positive(), z.string().regex(PERCENT)]);

const fit = z.union([
  z.enum(CLAID_FITS),
  z.looseObject({ type: z.literal('crop'), crop: z.enum(CLAID_CROP_GRAVITIES).optional() }),
  z.looseObject({ type: z.literal('outpaint') }),
]);

const format = z.union([
  z.enum(CLAID_FORMATS),
  z.looseObject({
    type: z.enum(CLAID_FORMATS),
    quality: z.int().min(1).max(100).optional(),
    progressive: z.boolean().optional(),
    lossless: z.boolean().optional(),
    compression: z.string().optional(),
  }),
]);

export const claidRequestSchema = z.looseObject({
  operations: z
    .looseObject({
      resizing: z
        .looseObject({ width: length.optional(), height: length.optional(), fit: fit.optional() })
        .optional(),
      background: z
        .looseObject({ remove: remove.optional(), color: color.optional(), blur: blur.optional() })
        .optional(),
      padding: z.string().regex(CLAID_PADDING).optional(),
    })
    .optional(),
  output: z.looseObject({ format: format.optional() }).optional(),
});

export type ClaidRequest = z.infer<typeof claidRequestSchema>;
