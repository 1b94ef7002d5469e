/** Deep-Image's panels, in the order of its background page, then framing and output. */
import { getAt, setAt } from '../../recipe/index.ts';
import type { JsonObject } from '../../recipe/index.ts';
import { hasAny, opaqueIfTransparent, without } from './helpers.ts';
import type { PanelSpec } from './types.ts';

const REMOVE = 'background.remove';
const GENERATE = 'background.generate';

const isSet = (path: string) => (r: JsonObject) => getAt(r, path) !== undefined;

export const deepImagePanels: PanelSpec[] = [
  {
    id: 'remove',
    dialect: 'deep-image',
    title: 'Remove background',
    path: REMOVE,
    summary: 'Cut the object out with the algorithm that suits the photo.',
    isOn: isSet(REMOVE),
    turnOn: (r) => setAt(r, REMOVE, 'auto'),
    turnOff: (r) => without(r, REMOVE, 'background.prompt'),
    fields: [
      { path: REMOVE, kind: 'segmented', label: 'Algorithm' },
      {
        path: 'background.prompt',
        kind: 'text',
        placeholder: 'e.g. keep the bottle and its shadow',
        visible: (r) => getAt(r, REMOVE) === 'generative' || getAt(r, 'background.prompt') !== undefined,
      },
    ],
  },
  {
    id: 'color',
    dialect: 'deep-image',
    title: 'Background color',
    path: 'background.color',
    summary: 'Fill behind the object: detected automatically, transparent or any colour.',
    isOn: isSet('background.color'),
    turnOn: (r) => setAt(r, 'background.color', '#FFFFFF'),
    turnOff: (r) => setAt(r, 'background.color', undefined),
    // A replaced or generated background hides the colour; without removal it shows nowhere.
    excludes: ['replace', 'generate'],
    requires: ['remove'],
    fields: [{ path: 'background.color', kind: 'color-hex', label: 'Color' }],
  },
  {
    id: 'replace',
    dialect: 'deep-image',
    title: 'Replace background',
    path: 'background.replace',
    summary: 'Put your own backdrop image behind the object.',
    isOn: isSet('background.replace'),
    turnOn: (r) => setAt(r, 'background.replace', ''),
    turnOff: (r) => setAt(r, 'background.replace', undefined),
    excludes: ['generate', 'color'],
    fields: [{ path: 'background.replace', kind: 'url', label: 'Backdrop image URL', keepEmpty: true }],
    extra: 'backdrop-upload',
  },
  {
    id: 'generate',
    dialect: 'deep-image',
    title: 'Generate background',
    path: GENERATE,
    summary: 'Paint a new scene around the object from a description.',
    isOn: isSet(GENERATE),
    turnOn: (r) =>
      setAt(r, GENERATE, {
        description: 'item standing on plain white background',
        item_area_percentage: 0.65,
      }),
    turnOff: (r) => setAt(r, GENERATE, undefined),
    excludes: ['replace', 'color'],
    fields: [
      {
        path: `${GENERATE}.description`,
        kind: 'text',
        placeholder: 'item standing on sand with beach in background',
      },
      { path: `${GENERATE}.item_area_percentage`, kind: 'slider', min: 0, max: 1, step: 0.01 },
      { path: `${GENERATE}.sample_num`, kind: 'seed' },
      { path: `${GENERATE}.color`, kind: 'color-rgb' },
      { path: `${GENERATE}.background_url`, kind: 'url' },
      { path: `${GENERATE}.adapter_type`, kind: 'select', advanced: true },
      { path: `${GENERATE}.model_type`, kind: 'select', advanced: true },
      { path: `${GENERATE}.additional_prompt`, kind: 'text', advanced: true },
      { path: `${GENERATE}.negative_prompt`, kind: 'text', advanced: true, placeholder: 'e.g. text, people' },
      { path: `${GENERATE}.face_id`, kind: 'text', advanced: true },
      {
        path: `${GENERATE}.controlnet_conditioning_scale`,
        kind: 'number',
        advanced: true,
        step: 0.05,
        min: 0,
      },
      {
        path: `${GENERATE}.context_images`,
        kind: 'text',
        advanced: true,
        placeholder: 'URLs separated by spaces',
        read: (r) => {
          const v = getAt(r, `${GENERATE}.context_images`);
          return Array.isArray(v) ? v.join(' ') : v;
        },
        write: (r, v) => {
          const urls = typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : [];
          return setAt(r, `${GENERATE}.context_images`, urls.length > 0 ? urls : undefined);
        },
      },
    ],
  },
  {
    id: 'framing',
    dialect: 'deep-image',
    title: 'Framing',
    path: 'fit',
    summary: 'Size of the result, how the object fits it, and padding around it.',
    isOn: (r) => hasAny(r, 'width', 'height', 'min_length', 'fit', 'padding'),
    turnOff: (r) => without(r, 'width', 'height', 'min_length', 'fit', 'padding'),
    fields: [
      { path: 'width', kind: 'length', units: ['px', '%'], placeholder: 'auto', half: true },
      { path: 'height', kind: 'length', units: ['px', '%'], placeholder: 'auto', half: true },
      {
        path: 'fit',
        kind: 'select',
        choices: [
          { value: 'canvas', label: 'Canvas' },
          { value: 'crop', label: 'Crop' },
          { value: 'bounds', label: 'Bounds' },
          { value: 'cover', label: 'Cover' },
          { value: { crop: 'item' }, label: 'Crop to item' },
          { value: { crop: 'content' }, label: 'Crop to content' },
          { value: { crop: 'center' }, label: 'Crop to center' },
        ],
      },
      { path: 'padding', kind: 'length', units: ['px', '%'], placeholder: '0' },
      { path: 'min_length', kind: 'number', integer: true, min: 1, advanced: true, placeholder: 'px' },
    ],
  },
  {
    id: 'output',
    dialect: 'deep-image',
    title: 'Output',
    path: 'output_format',
    summary: 'File format, quality and size limit of the result.',
    isOn: (r) => hasAny(r, 'output_format', 'quality', 'max_file_size', 'webhooks', 'url'),
    turnOn: (r) => setAt(r, 'output_format', 'png'),
    // With no format the docs promise no transparency: a transparent background becomes white.
    turnOff: (r) =>
      opaqueIfTransparent(
        without(r, 'output_format', 'quality', 'max_file_size', 'webhooks', 'url'),
        'background.color',
      ),
    fields: [
      { path: 'output_format', kind: 'format' },
      {
        path: 'quality',
        kind: 'slider',
        min: 1,
        max: 100,
        integer: true,
        visible: (r) => !['png'].includes(String(getAt(r, 'output_format'))),
      },
      { path: 'max_file_size', kind: 'number', integer: true, min: 1, placeholder: 'bytes' },
      { path: 'webhooks.complete', kind: 'url', advanced: true },
      { path: 'url', kind: 'url', advanced: true, placeholder: 'Backdrop sends the photo you dropped' },
    ],
  },
];
