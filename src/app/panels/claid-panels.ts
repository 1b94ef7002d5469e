/** Claid's panels, in the order of Claid's background page, then framing and output. */
import { getAt, isObject, setAt } from '../../recipe/index.ts';
import type { JsonObject } from '../../recipe/index.ts';
import { hasAny, opaqueIfTransparent, setInObject, without } from './helpers.ts';
import { categoryFields, setSubjectExtra, subjectModeField } from './subject-mode.ts';
import type { PanelSpec } from './types.ts';

const REMOVE = 'operations.background.remove';
const BLUR = 'operations.background.blur';
const COLOR = 'operations.background.color';
const FIT = 'operations.resizing.fit';
const FORMAT = 'output.format';

const isTruthyAt = (path: string) => (r: JsonObject) => {
  const v = getAt(r, path);
  return v !== undefined && v !== false;
};

const formatType = (r: JsonObject) => {
  const f = getAt(r, FORMAT);
  return isObject(f) ? f.type : f;
};

/** Output format as a name, or as an object once an option (quality, …) is set; back to a name when empty. */
function setFormatOption(request: JsonObject, key: string, value: JsonObject[string] | undefined) {
  const next = setInObject(request, FORMAT, key, value, 'type');
  const f = getAt(next, FORMAT);
  if (isObject(f) && Object.keys(f).length === 1 && typeof f.type === 'string')
    return setAt(next, FORMAT, f.type);
  if (isObject(f) && f.type === undefined) return setAt(next, `${FORMAT}.type`, 'jpeg');
  return next;
}

export const claidPanels: PanelSpec[] = [
  {
    id: 'remove',
    dialect: 'claid',
    title: 'Remove background',
    path: REMOVE,
    summary: 'Cut the object out, automatically, by category, or naming what to keep.',
    isOn: isTruthyAt(REMOVE),
    turnOn: (r) => setAt(r, REMOVE, { category: 'products' }),
    turnOff: (r) => setAt(r, REMOVE, undefined),
    // Claid: "blurring has nothing to blur once the background is removed".
    excludes: ['blur'],
    fields: [
      subjectModeField(REMOVE, 'products'),
      ...categoryFields(REMOVE, true),
      {
        path: `${REMOVE}.clipping`,
        kind: 'toggle',
        write: (r, v) => setSubjectExtra(r, REMOVE, 'clipping', v),
      },
    ],
  },
  {
    id: 'blur',
    dialect: 'claid',
    title: 'Blur background',
    path: BLUR,
    summary: 'Keep the object sharp and soften what is behind it.',
    isOn: isTruthyAt(BLUR),
    turnOn: (r) => setAt(r, BLUR, true),
    turnOff: (r) => setAt(r, BLUR, undefined),
    // The colour first, so it is named as excluded rather than as following removal out.
    excludes: ['color', 'remove'],
    fields: [
      subjectModeField(BLUR, 'general'),
      ...categoryFields(BLUR, false),
      { path: `${BLUR}.type`, kind: 'segmented', write: (r, v) => setSubjectExtra(r, BLUR, 'type', v) },
      { path: `${BLUR}.level`, kind: 'segmented', write: (r, v) => setSubjectExtra(r, BLUR, 'level', v) },
    ],
  },
  {
    id: 'color',
    dialect: 'claid',
    title: 'Background color',
    path: COLOR,
    summary: 'Fill behind the cut-out object: transparent or any colour.',
    isOn: (r) => getAt(r, COLOR) !== undefined,
    turnOn: (r) => setAt(r, COLOR, '#FFFFFF'),
    turnOff: (r) => setAt(r, COLOR, undefined),
    // The colour fills what removal took away; without removal it shows nowhere.
    requires: ['remove'],
    fields: [{ path: COLOR, kind: 'color-hex', label: 'Color' }],
  },
  {
    id: 'framing',
    dialect: 'claid',
    title: 'Resizing & padding',
    path: 'operations.resizing',
    summary: 'The canvas: size, how the image fits it, and space around the object.',
    isOn: (r) => hasAny(r, 'operations.resizing', 'operations.padding'),
    turnOff: (r) => without(r, 'operations.resizing', 'operations.padding'),
    fields: [
      {
        path: 'operations.resizing.width',
        kind: 'length',
        units: ['px', '%'],
        placeholder: 'auto',
        half: true,
      },
      {
        path: 'operations.resizing.height',
        kind: 'length',
        units: ['px', '%'],
        placeholder: 'auto',
        half: true,
      },
      {
        path: FIT,
        kind: 'select',
        choices: [
          { value: 'crop', label: 'Crop' },
          { value: 'cover', label: 'Cover' },
          { value: 'bounds', label: 'Bounds' },
          { value: 'canvas', label: 'Canvas' },
          { value: 'outpaint', label: 'Outpaint' },
        ],
        read: (r) => {
          const f = getAt(r, FIT);
          return isObject(f) ? f.type : f;
        },
      },
      {
        path: `${FIT}.crop`,
        kind: 'segmented',
        visible: (r) => {
          const f = getAt(r, FIT);
          return f === undefined || f === 'crop' || (isObject(f) && f.type === 'crop');
        },
        write: (r, v) => setAt(r, FIT, v === undefined ? 'crop' : { type: 'crop', crop: v }),
      },
      { path: 'operations.padding', kind: 'text', placeholder: 'e.g. 10% or 5% 25%' },
    ],
  },
  {
    id: 'output',
    dialect: 'claid',
    title: 'Output',
    path: 'output',
    summary: 'File format and quality of the result.',
    isOn: (r) => getAt(r, 'output') !== undefined,
    turnOn: (r) => setAt(r, FORMAT, 'png'),
    // Claid's default format is JPEG, which has no transparency: a transparent background would turn white.
    turnOff: (r) => opaqueIfTransparent(setAt(r, 'output', undefined), COLOR),
    fields: [
      {
        path: FORMAT,
        kind: 'format',
        read: formatType,
        write: (r, v) => (isObject(getAt(r, FORMAT)) ? setFormatOption(r, 'type', v) : setAt(r, FORMAT, v)),
      },
      {
        path: `${FORMAT}.quality`,
        kind: 'slider',
        min: 1,
        max: 100,
        step: 1,
        integer: true,
        visible: (r) => ['jpeg', 'webp', 'avif'].includes(String(formatType(r) ?? 'jpeg')),
        write: (r, v) => setFormatOption(r, 'quality', v),
      },
      {
        path: `${FORMAT}.progressive`,
        kind: 'toggle',
        advanced: true,
        visible: (r) => (formatType(r) ?? 'jpeg') === 'jpeg',
        write: (r, v) => setFormatOption(r, 'progressive', v),
      },
      {
        path: `${FORMAT}.lossless`,
        kind: 'toggle',
        advanced: true,
        visible: (r) => formatType(r) === 'webp',
        write: (r, v) => setFormatOption(r, 'lossless', v),
      },
      {
        path: `${FORMAT}.compression`,
        kind: 'text',
        advanced: true,
        visible: (r) => ['png', 'avif'].includes(String(formatType(r))),
        write: (r, v) => setFormatOption(r, 'compression', v === '' ? undefined : v),
      },
    ],
  },
];
