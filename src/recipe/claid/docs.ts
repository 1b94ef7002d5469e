/**
 * Every Claid option Backdrop knows, in the order Claid's docs and request bodies present them. The order
 * here is also the canonical key order of `print()`, so adding an option is adding one entry here (plus its
 * schema line). Descriptions are the documented meaning in our own words.
 */
import type { OptionDoc } from '../types.ts';

const BASE = 'https://docs.claid.ai/image-editing-api';
export const CLAID_DOC_URL = `${BASE}/image-operations/background`;
const REMOVAL = `${CLAID_DOC_URL}#background-removal`;
const COLOR = `${CLAID_DOC_URL}#background-color`;
const BLUR = `${CLAID_DOC_URL}#background-blurring`;
const RESIZING = `${BASE}/image-operations/resizing`;
const OUTPUT = `${BASE}/output`;

const CATEGORY_VALUES = [
  { value: 'general', label: 'General', description: 'Suitable for any kind of object.' },
  {
    value: 'products',
    label: 'Products',
    description: 'Tuned for products, groceries and food; gives better edges on packshots.',
  },
  { value: 'cars', label: 'Cars', description: 'Tuned for cars and other automotive objects.' },
];

const FORMAT_VALUES = [
  { value: 'jpeg', label: 'JPEG', description: 'Small files, no transparency. Claid’s default.' },
  { value: 'png', label: 'PNG', description: 'Lossless, keeps transparency.' },
  { value: 'webp', label: 'WebP', description: 'Small files, keeps transparency.' },
  { value: 'avif', label: 'AVIF', description: 'Smallest files, keeps transparency.' },
  { value: 'tiff', label: 'TIFF', description: 'For print workflows, no transparency here.' },
];

export const claidDocs: OptionDoc[] = [
  {
    path: 'operations.resizing.width',
    label: 'Width',
    description:
      'Width of the result in pixels, or a percentage of the input width such as "50%". Leave it out to derive it from the height and the aspect ratio.',
    docUrl: RESIZING,
  },
  {
    path: 'operations.resizing.height',
    label: 'Height',
    description:
      'Height of the result in pixels, or a percentage of the input height such as "50%". Leave it out to derive it from the width and the aspect ratio.',
    docUrl: RESIZING,
  },
  {
    path: 'operations.resizing.fit',
    label: 'Fit',
    description:
      'How the image goes into the width × height box. With clipping and no size, "bounds" keeps the clipped region as it is; any other fit scales it back to the input size.',
    values: [
      { value: 'crop', label: 'Crop', description: 'Fill the box exactly and cut what overflows (default).' },
      { value: 'cover', label: 'Cover', description: 'Scale to cover the box, keeping the aspect ratio.' },
      {
        value: 'bounds',
        label: 'Bounds',
        description: 'Scale to fit inside the box, keeping the aspect ratio.',
      },
      {
        value: 'canvas',
        label: 'Canvas',
        description: 'Fit inside the box and fill the rest with the background.',
      },
      { value: 'outpaint', label: 'Outpaint', description: 'Fit inside the box and let AI paint the rest.' },
      {
        value: { type: 'crop', crop: 'smart' },
        label: 'Smart crop',
        description: 'Crop, keeping the most interesting part in view.',
      },
    ],
    default: 'crop',
    docUrl: RESIZING,
  },
  {
    path: 'operations.resizing.fit.type',
    label: 'Fit type',
    description: 'The fit mode, when fit is given as an object: "crop" or "outpaint".',
    values: [
      { value: 'crop', label: 'Crop', description: 'Fill the box and cut what overflows.' },
      { value: 'outpaint', label: 'Outpaint', description: 'Fit inside the box and let AI paint the rest.' },
    ],
    docUrl: RESIZING,
  },
  {
    path: 'operations.resizing.fit.crop',
    label: 'Crop anchor',
    description: 'Which part of the image a crop keeps.',
    values: [
      { value: 'center', label: 'Center', description: 'Keep the middle of the image (default).' },
      { value: 'smart', label: 'Smart', description: 'Keep the most salient part of the image.' },
    ],
    default: 'center',
    docUrl: RESIZING,
  },
  {
    path: 'operations.background.remove',
    label: 'Remove background',
    description:
      'Removes the background behind the main object, either fully automatically (true) or with advanced options: a category hint or the selective object to keep, and clipping.',
    values: [
      { value: true, label: 'On', description: 'Remove the background automatically.' },
      { value: false, label: 'Off', description: 'Keep the original background (default).' },
      {
        value: { category: 'general', clipping: true },
        label: 'By category',
        description: 'Hint what kind of object is in front; optionally clip to it.',
      },
      {
        value: { selective: { object_to_keep: '<object>' }, clipping: true },
        label: 'Selective',
        description: 'Name exactly which object to keep; optionally clip to it.',
      },
    ],
    default: false,
    docUrl: REMOVAL,
  },
  {
    path: 'operations.background.remove.category',
    label: 'Category',
    description:
      'A hint about the object in front, for a more accurate cut-out. Cannot be used together with selective.',
    values: CATEGORY_VALUES,
    default: 'products',
    defaultNote:
      'Claid’s background page says "products" is the default, older pages and the OpenAPI file say "general". Backdrop always writes the category you pick into the request, so the provider never has to guess.',
    docUrl: REMOVAL,
  },
  {
    path: 'operations.background.remove.category.type',
    label: 'Category (versioned)',
    description: 'The category, when given as an object with a model version.',
    values: CATEGORY_VALUES,
    docUrl: REMOVAL,
  },
  {
    path: 'operations.background.remove.category.version',
    label: 'Category model version',
    description: 'Pins a version of the category model. Claid retires old "products" versions automatically.',
    docUrl: REMOVAL,
  },
  {
    path: 'operations.background.remove.selective',
    label: 'Selective',
    description:
      'Keep exactly the object you name instead of relying on a category. Cannot be used with category.',
    docUrl: REMOVAL,
  },
  {
    path: 'operations.background.remove.selective.object_to_keep',
    label: 'Object to keep',
    description:
      'A short, precise name of the object that stays, e.g. "bottle", "sleeping bag" (3 to 128 characters).',
    docUrl: REMOVAL,
  },
  {
    path: 'operations.background.remove.clipping',
    label: 'Clipping',
    description:
      'Crops the result to the bounds of the object in front. The canvas is then set by resizing: without a size and with fit crop (or no fit) the clipped object is scaled back to the input size; fit "bounds" keeps the clipped region as it is.',
    default: false,
    docUrl: REMOVAL,
  },
  {
    path: 'operations.background.color',
    label: 'Background color',
    description:
      'The colour behind the object once the background is removed: "transparent" or a hex colour such as "#C5C6FF". Transparency needs PNG, WebP or AVIF output, otherwise the background turns white.',
    values: [
      {
        value: 'transparent',
        label: 'Transparent',
        description: 'Empty background; needs PNG, WebP or AVIF.',
      },
      { value: '#FFFFFF', label: 'Colour', description: 'Any colour in hex format, #RRGGBB.' },
    ],
    default: '#FFFFFF',
    defaultNote: 'White. The OpenAPI file adds: transparent when the input image already has transparency.',
    docUrl: COLOR,
  },
  {
    path: 'operations.background.blur',
    label: 'Blur background',
    description:
      'Blurs the background and keeps the object in front sharp, automatically (true) or with a category or selective object, a blur type and a level.',
    values: [
      { value: true, label: 'On', description: 'Blur the background automatically.' },
      { value: false, label: 'Off', description: 'Keep the original background (default).' },
      {
        value: { category: 'general', type: 'regular', level: 'medium' },
        label: 'Advanced',
        description: 'Choose the category, blur type and level.',
      },
    ],
    default: false,
    docUrl: BLUR,
  },
  {
    path: 'operations.background.blur.category',
    label: 'Category',
    description: 'A hint about the object that stays sharp. Cannot be used together with selective.',
    values: CATEGORY_VALUES,
    default: 'general',
    docUrl: BLUR,
  },
  {
    path: 'operations.background.blur.selective',
    label: 'Selective',
    description: 'Keep exactly the object you name sharp. Cannot be used with category.',
    docUrl: BLUR,
  },
  {
    path: 'operations.background.blur.selective.object_to_keep',
    label: 'Object to keep sharp',
    description: 'A short, precise name of the object that stays sharp, e.g. "bottle" (3 to 128 characters).',
    docUrl: BLUR,
  },
  {
    path: 'operations.background.blur.type',
    label: 'Blur type',
    description: 'The kind of blur applied to the background.',
    values: [
      {
        value: 'regular',
        label: 'Regular',
        description: 'Gaussian blur, like frosted vellum over the background (default).',
      },
      {
        value: 'lens',
        label: 'Lens',
        description: 'Lens blur with linear focus, like a wide aperture’s shallow depth of field.',
      },
    ],
    default: 'regular',
    docUrl: BLUR,
  },
  {
    path: 'operations.background.blur.level',
    label: 'Blur level',
    description: 'How strong the blur is.',
    values: [
      { value: 'low', label: 'Low', description: 'A light blur.' },
      { value: 'medium', label: 'Medium', description: 'A medium blur (default).' },
      { value: 'high', label: 'High', description: 'A strong blur.' },
    ],
    default: 'medium',
    docUrl: BLUR,
  },
  {
    path: 'operations.padding',
    label: 'Padding',
    description:
      'Space around the content, in percent: "10%" on every side, or "5% 25%" for top/bottom and left/right. With clipping it is measured from the object’s edges; each side at most half the width or height.',
    docUrl: RESIZING,
  },
  {
    path: 'output.format',
    label: 'Output format',
    description:
      'The file format of the result, as a name or as an object with options such as quality. Only PNG, WebP and AVIF keep a transparent background.',
    values: FORMAT_VALUES,
    default: 'jpeg',
    docUrl: OUTPUT,
  },
  {
    path: 'output.format.type',
    label: 'Format',
    description: 'The file format, when output.format is an object.',
    values: FORMAT_VALUES,
    docUrl: OUTPUT,
  },
  {
    path: 'output.format.quality',
    label: 'Quality',
    description: 'Compression quality from 1 (smallest file) to 100 (best look) for JPEG, WebP and AVIF.',
    docUrl: OUTPUT,
  },
  {
    path: 'output.format.progressive',
    label: 'Progressive',
    description: 'JPEG only: encode a progressive JPEG that appears gradually while loading.',
    docUrl: OUTPUT,
  },
  {
    path: 'output.format.lossless',
    label: 'Lossless',
    description: 'WebP only: encode without any loss of quality.',
    docUrl: OUTPUT,
  },
  {
    path: 'output.format.compression',
    label: 'Compression',
    description: 'PNG/AVIF compression preset as Claid names it.',
    docUrl: OUTPUT,
  },
];
