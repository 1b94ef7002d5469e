/** The Deep-Image dialect: schema, docs, rules, legacy form side by side (plan mapping: plan-mappings.ts). */
import type { DialectModule } from '../dialect.ts';
import { keyOrderFromDocs } from '../print.ts';
import { deepImageRequestSchema } from './schema.ts';
import { DEEP_IMAGE_DOC_URL, deepImageDocs } from './docs.ts';
import { deepImageRules } from './rules.ts';
import { modernizeDeepImage } from './legacy.ts';

export { deepImageRequestSchema } from './schema.ts';

const DISTINCTIVE = [
  'background',
  'url',
  'width',
  'height',
  'min_length',
  'fit',
  'padding',
  'output_format',
  'quality',
  'max_file_size',
  'remove_background',
];

export const deepImage: DialectModule = {
  dialect: 'deep-image',
  label: 'Deep-Image',
  docUrl: DEEP_IMAGE_DOC_URL,
  // Deep-Image's API reference: multipart upload, `x-api-key`, the result at once or a job to poll.
  api: {
    url: 'https://deep-image.ai/rest_api/process_result',
    keyVar: 'DEEP_IMAGE_API_KEY',
    header: 'x-api-key',
    fileField: 'fileName',
    bodyField: 'parameters',
    resultPath: ['result_url'],
    poll: {
      url: 'https://deep-image.ai/rest_api/result/',
      idKey: 'job',
      statusKey: 'status',
      pending: ['received', 'not_started', 'in_progress'],
      intervalSeconds: 2,
      resultPath: ['result_url'],
    },
  },
  notInPlan: [
    { path: 'url', message: (target) => `${target} takes the image outside this body; Backdrop uploads it.` },
    { path: 'webhooks', message: (target) => `${target} has no completion webhook in this body.` },
  ],
  optionPaths: {
    width: 'width',
    itemArea: 'background.generate.item_area_percentage',
    backgroundImage: 'background.replace',
  },
  recognisedBy: 'has "background", "width", "fit" and the like',
  // Inferred: its API pages list no input formats; these are the photo formats it takes in practice, HEIC
  // (an iPhone's default) included. Anything else is refused by our upload guard before it is sent.
  inputTypes: [
    'image/jpeg',
    'image/png',
    'image/webp',
    'image/avif',
    'image/tiff',
    'image/gif',
    'image/heic',
  ],
  schema: deepImageRequestSchema,
  docs: deepImageDocs,
  keyOrder: keyOrderFromDocs(deepImageDocs),
  rules: deepImageRules,
  defaultRequest: () => ({ background: { remove: 'auto', color: 'transparent' }, output_format: 'png' }),
  score: (value) => DISTINCTIVE.filter((key) => key in value).length * 10,
  legacy: modernizeDeepImage,
};
