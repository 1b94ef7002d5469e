/**
 * Cutout: a minimal, made-up third provider (test-only) that proves a dialect is a folder and a
 * registration, nothing more. Its "API": POST {base}/v1/cutout with multipart `image` + `options` (this
 * request as JSON), the key in `X-Api-Key`, answering `{"result": {"url": …}}`. Its request:
 * `{"background": "transparent" | "white" | "original", "format": "png" | "jpeg" | "webp", "width": N}`.
 * Nothing outside this folder names it; tests call registerCutout() (the registry line a real provider
 * would add to dialects.ts and plan-mappings.ts).
 */
import { z } from 'zod';
import type { DialectModule, Rule } from '../../dialect.ts';
import { registerDialect, unregisterDialect } from '../../dialects.ts';
import { registerPlanMapping, type PlanMapping } from '../../plan-mappings.ts';
import { keyOrderFromDocs } from '../../print.ts';
import type { OptionDoc } from '../../types.ts';
import { cutoutMapping } from './mapping.ts';

const CUTOUT_DOC_URL = 'https://cutout.example/docs/api';

const docs: OptionDoc[] = [
  {
    path: 'background',
    label: 'Background',
    description: 'What replaces the background around the cut-out object.',
    values: [
      { value: 'original', label: 'Original', description: 'Keep the photo as it is.' },
      { value: 'transparent', label: 'Transparent', description: 'Remove it (needs PNG or WebP).' },
      { value: 'white', label: 'White', description: 'Remove it and fill with white.' },
    ],
    default: 'original',
    docUrl: `${CUTOUT_DOC_URL}#background`,
  },
  {
    path: 'format',
    label: 'Format',
    description: 'The file format of the result.',
    values: [
      { value: 'png', label: 'PNG', description: 'Lossless, with transparency.' },
      { value: 'jpeg', label: 'JPEG', description: 'Small, no transparency.' },
      { value: 'webp', label: 'WebP', description: 'Small, with transparency.' },
    ],
    default: 'png',
    docUrl: `${CUTOUT_DOC_URL}#format`,
  },
  {
    path: 'width',
    label: 'Width',
    description: 'The result’s width in pixels; the height follows the photo’s aspect ratio.',
    default: 0,
    docUrl: `${CUTOUT_DOC_URL}#width`,
  },
];

const schema = z.looseObject({
  background: z.enum(['original', 'transparent', 'white']).optional(),
  format: z.enum(['png', 'jpeg', 'webp']).optional(),
  width: z.number().int().positive().optional(),
});

const rules: Rule[] = [
  {
    code: 'transparent-needs-alpha',
    severity: 'warning',
    check: (request) =>
      request.background === 'transparent' && request.format === 'jpeg'
        ? [{ path: 'format', message: 'JPEG has no transparency: Cutout makes the background white.' }]
        : [],
  },
];

export const cutout: DialectModule = {
  dialect: 'cutout',
  label: 'Cutout',
  docUrl: CUTOUT_DOC_URL,
  api: {
    url: 'https://api.cutout.example/v1/cutout',
    keyVar: 'CUTOUT_API_KEY',
    header: 'X-Api-Key',
    fileField: 'image',
    bodyField: 'options',
    resultPath: ['result', 'url'],
  },
  notInPlan: [],
  optionPaths: { width: 'width' },
  recognisedBy: 'has only "background", "format" and "width"',
  inputTypes: ['image/jpeg', 'image/png', 'image/webp'],
  schema,
  docs,
  keyOrder: keyOrderFromDocs(docs),
  rules,
  defaultRequest: () => ({ background: 'transparent', format: 'png' }),
  // Its keys are all shared with other dialects' vocabularies, so it only wins when asked for by name.
  score: () => 0,
};

/** Registers Cutout (recipe half); the returned function removes it again. */
export function registerCutout(mapping: PlanMapping = cutoutMapping): () => void {
  registerDialect(cutout);
  registerPlanMapping('cutout', mapping);
  return () => unregisterDialect('cutout');
}
