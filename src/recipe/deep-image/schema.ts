/**
 * Deep-Image's request body. `url` is optional because the BFF supplies the image. Loose objects keep
 * unknown keys (flagged by the `unknown-key` rule).
 */
import { z } from 'zod';

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

const length = z.union([z.int().positive(), z.string().regex(DI_PERCENT)]);
const color = z.union([z.enum(['auto', 'transparent']), z.string().regex(DI_HEX)]);
const rgb = z.tuple([z.int().min(0).max(255), z.int().min(0).max(255), z.int().min(0).max(255)]);

const generate = z.looseObject({
  description: z.string().optional(),
  item_area_percentage: z.number().min(0).max(1).optional(),
  sample_num: z.int().optional(),
  color: z.union([rgb, z.string().regex(DI_HEX)]).optional(),
  background_url: z.string().optional(),
  adapter_type: z.enum(DI_ADAPTER_TYPES).optional(),
  // Newer model names appear over time, so any text is accepted; the docs list the common ones.
  model_type: z.string().optional(),
  additional_prompt: z.string().optional(),
  negative_prompt: z.string().optional(),
  face_id: z.string().optional(),
  controlnet_conditioning_scale: z.number().optional(),
  context_images: z.array(z.string()).optional(),
});

export const deepImageRequestSchema = z.looseObject({
  url: z.string().optional(),
  width: length.optional(),
  height: length.optional(),
  min_length: z.int().positive().optional(),
  fit: z.union([z.enum(DI_FITS), z.looseObject({ crop: z.enum(DI_CROP_MODES) })]).optional(),
  background: z
    .looseObject({
      remove: z.enum(DI_REMOVE_MODES).optional(),
      prompt: z.string().optional(),
      color: color.optional(),
      replace: z.string().optional(),
      generate: generate.optional(),
    })
    .optional(),
  padding: z.union([z.int().min(0), z.string().regex(DI_PERCENT)]).optional(),
  output_format: z.enum(DI_FORMATS).optional(),
  quality: z.int().min(1).max(100).optional(),
  max_file_size: z.int().positive().optional(),
  webhooks: z.looseObject({ complete: z.string().optional() }).optional(),
  /** The older form shown on the seed page; recognised and flagged as legacy. */
  remove_background: z
    .looseObject({
      type: z.enum(DI_REMOVE_MODES).optional(),
      background: color.optional(),
    })
    .optional(),
});

export type DeepImageRequest = z.infer<typeof deepImageRequestSchema>;
