/**
 * Deep-Image's request body. `url` is optional because the BFF supplies the image. Loose objects keep
 * unknown keys (flagged by the `unknown-key` rule).
 */
// zod/mini: the same checks and issues as classic zod without its method chains and JSON Schema output,
// which kept ~8 KB gzip of unused code in the editor's first paint (README, initial JavaScript).
import { z } from 'zod/mini';

export const DI_HEX = /^#[0-9a-fA-F]{6}$/;
const DI_REMOVE_MODES = ['auto', 'v2', 'human', 'item', 'generative'] as const;
const DI_FITS = ['canvas', 'crop', 'bounds', 'cover'] as const;
const DI_CROP_MODES = ['item', 'content', 'center'] as const;
const DI_FORMATS = ['jpeg', 'jpg', 'png', 'webp'] as const;
const DI_ADAPTER_TYPES = [
  'generate_background',
  'face',
  'control',
  'control2',
  'upscale',
  'inpainting',
  'img2img',
] as const;
const DI_PERCENT = /^\d+(\.\d+)?%$/;

const length = z.union([z.int().check(z.positive()), z.string().check(z.regex(DI_PERCENT))]);
const color = z.union([z.enum(['auto', 'transparent']), z.string().check(z.regex(DI_HEX))]);
const byte = () => z.int().check(z.minimum(0), z.maximum(255));
const rgb = z.tuple([byte(), byte(), byte()]);

const generate = z.looseObject({
  description: z.optional(z.string()),
  item_area_percentage: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  sample_num: z.optional(z.int()),
  color: z.optional(z.union([rgb, z.string().check(z.regex(DI_HEX))])),
  background_url: z.optional(z.string()),
  adapter_type: z.optional(z.enum(DI_ADAPTER_TYPES)),
  // Newer model names appear over time, so any text is accepted; the docs list the common ones.
  model_type: z.optional(z.string()),
  additional_prompt: z.optional(z.string()),
  negative_prompt: z.optional(z.string()),
  face_id: z.optional(z.string()),
  controlnet_conditioning_scale: z.optional(z.number()),
  context_images: z.optional(z.array(z.string())),
});

export const deepImageRequestSchema = z.looseObject({
  url: z.optional(z.string()),
  width: z.optional(length),
  height: z.optional(length),
  min_length: z.optional(z.int().check(z.positive())),
  fit: z.optional(z.union([z.enum(DI_FITS), z.looseObject({ crop: z.enum(DI_CROP_MODES) })])),
  background: z.optional(
    z.looseObject({
      remove: z.optional(z.enum(DI_REMOVE_MODES)),
      prompt: z.optional(z.string()),
      color: z.optional(color),
      replace: z.optional(z.string()),
      generate: z.optional(generate),
    }),
  ),
  padding: z.optional(z.union([z.int().check(z.minimum(0)), z.string().check(z.regex(DI_PERCENT))])),
  output_format: z.optional(z.enum(DI_FORMATS)),
  quality: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
  max_file_size: z.optional(z.int().check(z.positive())),
  webhooks: z.optional(z.looseObject({ complete: z.optional(z.string()) })),
  /** The older form shown on the seed page; recognised and flagged as legacy. */
  remove_background: z.optional(
    z.looseObject({
      type: z.optional(z.enum(DI_REMOVE_MODES)),
      background: z.optional(color),
    }),
  ),
});

export type DeepImageRequest = z.infer<typeof deepImageRequestSchema>;
