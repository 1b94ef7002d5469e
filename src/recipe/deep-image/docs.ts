/**
 * Every Deep-Image option Backdrop knows, in the order the docs' examples write them. The order is also
 * the canonical key order of `print()`: adding an option is one entry here plus its schema line.
 */
import type { OptionDoc } from '../types.ts';

export const DEEP_IMAGE_DOC_URL =
  'https://documentation.deep-image.ai/image-processing/background-removal-and-generation';
const REMOVAL = `${DEEP_IMAGE_DOC_URL}#background-removal`;
const CROPPING = `${DEEP_IMAGE_DOC_URL}#item-cropping`;
const GENERATION = `${DEEP_IMAGE_DOC_URL}#background-generation`;

const REMOVE_VALUES = [
  { value: 'auto', label: 'Auto', description: 'Picks the removal method from the image (default).' },
  { value: 'v2', label: 'V2', description: 'The newer removal algorithm.' },
  { value: 'human', label: 'Human', description: 'Optimised for photos of people.' },
  { value: 'item', label: 'Item', description: 'Optimised for photos of items and products.' },
  {
    value: 'generative',
    label: 'Generative',
    description: 'The newest, AI-driven removal guided by a prompt (documented on newer pages).',
  },
];

const COLOR_VALUES = [
  {
    value: 'auto',
    label: 'Auto',
    description:
      'Detects a frame around the object (as in typical shop photos) and uses its colour; white otherwise.',
  },
  { value: '#FFFFFF', label: 'Colour', description: 'Any colour in hex format, #RRGGBB.' },
  {
    value: 'transparent',
    label: 'Transparent',
    description: 'Empty background, for formats that allow it (PNG, WebP).',
  },
];

export const deepImageDocs: OptionDoc[] = [
  {
    path: 'url',
    label: 'Image URL',
    description: 'The image to process. Optional here: Backdrop uploads the image you dropped instead.',
    docUrl: DEEP_IMAGE_DOC_URL,
  },
  {
    path: 'width',
    label: 'Width',
    description: 'Width of the result in pixels, or a percentage of the input such as "200%".',
    docUrl: CROPPING,
  },
  {
    path: 'height',
    label: 'Height',
    description: 'Height of the result in pixels, or a percentage of the input such as "200%".',
    docUrl: CROPPING,
  },
  {
    path: 'min_length',
    label: 'Minimum side',
    description: 'Scales the image so its shorter side is at least this many pixels.',
    docUrl: CROPPING,
  },
  {
    path: 'fit',
    label: 'Fit',
    description:
      'How the image goes into the width × height frame. {"crop": "item"} puts the object, cut out, in the middle of the frame with the padding around it.',
    values: [
      {
        value: 'canvas',
        label: 'Canvas',
        description: 'Fit inside the frame and fill the rest with the background (default).',
      },
      { value: 'crop', label: 'Crop', description: 'Fill the frame and cut what overflows.' },
      { value: 'bounds', label: 'Bounds', description: 'Fit inside the frame, keeping the aspect ratio.' },
      { value: 'cover', label: 'Cover', description: 'Cover the frame, keeping the aspect ratio.' },
      {
        value: { crop: 'item' },
        label: 'Crop to item',
        description: 'Crop to the object and centre it in the frame.',
      },
    ],
    default: 'canvas',
    docUrl: CROPPING,
  },
  {
    path: 'fit.crop',
    label: 'Crop to',
    description: 'What a crop keeps.',
    values: [
      {
        value: 'item',
        label: 'Item',
        description: 'The object found by background removal, centred in the frame.',
      },
      { value: 'content', label: 'Content', description: 'The interesting content of the image.' },
      { value: 'center', label: 'Center', description: 'The middle of the image.' },
    ],
    docUrl: CROPPING,
  },
  {
    path: 'background.remove',
    label: 'Remove background',
    description: 'Removes the background and chooses the removal algorithm.',
    values: REMOVE_VALUES,
    default: 'auto',
    defaultNote:
      '"auto" is the default algorithm once removal is asked for; without "remove" the background stays.',
    docUrl: REMOVAL,
  },
  {
    path: 'background.prompt',
    label: 'Removal prompt',
    description: 'With remove "generative": describes what to keep or how to treat the background.',
    docUrl: REMOVAL,
  },
  {
    path: 'background.color',
    label: 'Background color',
    description: 'What fills the removed background: "auto", a hex colour, or "transparent".',
    values: COLOR_VALUES,
    docUrl: REMOVAL,
  },
  {
    path: 'background.replace',
    label: 'Replace with image',
    description:
      'URL of an image to put behind the object. A simple replacement, without shadows or reflections.',
    docUrl: REMOVAL,
  },
  {
    path: 'background.generate',
    label: 'Generate background',
    description: 'Generates a new background scene around the object from a text description.',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.description',
    label: 'Scene description',
    description: 'A text prompt describing the scene, e.g. "item standing on sand with beach in background".',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.item_area_percentage',
    label: 'Object size',
    description: 'How much of the final image the centred object covers, from 0 to 1 (0.85 = 85%).',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.sample_num',
    label: 'Seed',
    description:
      'A whole number that picks one generated image; the same seed gives the same look. Leave it out for a new look each time.',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.color',
    label: 'Tint',
    description:
      'Turns the generated background black and white and tints it with this RGB colour, e.g. [255, 255, 255]. Best with prompts like "item standing on plain white background".',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.background_url',
    label: 'Blend image',
    description:
      'URL of an image blended into the generated background, for the same background on every product.',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.adapter_type',
    label: 'Adapter',
    description: 'The generation pipeline to use.',
    values: [
      {
        value: 'generate_background',
        label: 'Generate background',
        description: 'Paint a new background (default).',
      },
      { value: 'face', label: 'Face', description: 'Keep a face consistent.' },
      { value: 'control', label: 'Control', description: 'Follow the structure of the input.' },
      { value: 'control2', label: 'Control 2', description: 'An alternative structure-following pipeline.' },
      { value: 'upscale', label: 'Upscale', description: 'Generate while upscaling.' },
      { value: 'inpainting', label: 'Inpainting', description: 'Repaint only the background region.' },
      { value: 'img2img', label: 'Image to image', description: 'Restyle the whole image.' },
    ],
    default: 'generate_background',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.model_type',
    label: 'Model',
    description: 'The generation model.',
    values: [
      { value: 'realistic', label: 'Realistic', description: 'Photographic look (default).' },
      { value: 'fantasy', label: 'Fantasy', description: 'Illustrative, imaginative look.' },
      { value: 'premium', label: 'Premium', description: 'Higher quality, costs more.' },
    ],
    default: 'realistic',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.additional_prompt',
    label: 'Additional prompt',
    description: 'Extra words appended to the scene description.',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.negative_prompt',
    label: 'Negative prompt',
    description: 'What the generated background should not contain.',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.face_id',
    label: 'Face id',
    description: 'With the face adapter: which stored face to keep.',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.controlnet_conditioning_scale',
    label: 'Structure strength',
    description: 'With the control adapters: how strongly the input’s structure guides the result.',
    docUrl: GENERATION,
  },
  {
    path: 'background.generate.context_images',
    label: 'Context images',
    description: 'URLs of images that guide the style of the generated background.',
    docUrl: GENERATION,
  },
  {
    path: 'padding',
    label: 'Padding',
    description: 'Space around the object inside the frame: pixels (e.g. 100) or a percentage (e.g. "10%").',
    docUrl: CROPPING,
  },
  {
    path: 'output_format',
    label: 'Output format',
    description: 'The file format of the result. Only PNG and WebP keep a transparent background.',
    values: [
      { value: 'jpeg', label: 'JPEG', description: 'Small files, no transparency.' },
      { value: 'jpg', label: 'JPG', description: 'The same as JPEG.' },
      { value: 'png', label: 'PNG', description: 'Lossless, keeps transparency.' },
      { value: 'webp', label: 'WebP', description: 'Small files, keeps transparency.' },
    ],
    defaultNote:
      'Not stated on the background page. Backdrop assumes PNG for a transparent background and JPEG otherwise; set it to be sure.',
    docUrl: DEEP_IMAGE_DOC_URL,
  },
  {
    path: 'quality',
    label: 'Quality',
    description: 'Compression quality from 1 to 100 for JPEG and WebP.',
    docUrl: DEEP_IMAGE_DOC_URL,
  },
  {
    path: 'max_file_size',
    label: 'Maximum file size',
    description: 'Largest result in bytes; quality is lowered until it fits.',
    docUrl: DEEP_IMAGE_DOC_URL,
  },
  {
    path: 'webhooks.complete',
    label: 'Completion webhook',
    description: 'A URL Deep-Image calls when the job is done.',
    docUrl: DEEP_IMAGE_DOC_URL,
  },
  {
    path: 'remove_background.type',
    label: 'Removal type (legacy)',
    description: 'Older form of background.remove, still shown on the docs page. Prefer background.remove.',
    values: REMOVE_VALUES.slice(0, 4),
    docUrl: REMOVAL,
  },
  {
    path: 'remove_background.background',
    label: 'Background (legacy)',
    description: 'Older form of background.color, still shown on the docs page. Prefer background.color.',
    values: COLOR_VALUES,
    docUrl: REMOVAL,
  },
];
