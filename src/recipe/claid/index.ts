/** The Claid dialect: schema, docs and rules side by side (see DialectModule; plan mapping: plan-mappings.ts). */
import type { DialectModule } from '../dialect.ts';
import { keyOrderFromDocs } from '../print.ts';
import { claidRequestSchema } from './schema.ts';
import { CLAID_DOC_URL, claidDocs } from './docs.ts';
import { claidRules } from './rules.ts';

export { claidRequestSchema } from './schema.ts';

export const claid: DialectModule = {
  dialect: 'claid',
  label: 'Claid',
  docUrl: CLAID_DOC_URL,
  // Claid's API reference: multipart upload, `Authorization: Bearer`, the result's URL at data.output.tmp_url.
  api: {
    url: 'https://api.claid.ai/v1-beta1/image/edit/upload',
    keyVar: 'CLAID_API_KEY',
    header: 'Authorization',
    scheme: 'Bearer',
    fileField: 'file',
    bodyField: 'data',
    resultPath: ['data', 'output', 'tmp_url'],
  },
  notInPlan: [
    { path: 'output.format.progressive', message: () => 'Only Claid knows progressive JPEG encoding.' },
    { path: 'output.format.lossless', message: () => 'Only Claid knows lossless WebP encoding.' },
    { path: 'output.format.compression', message: () => 'Only Claid knows its compression presets.' },
    {
      path: 'operations.background.remove.category.version',
      message: () => 'Model versions are specific to Claid.',
    },
  ],
  // Claid's API reference: input URLs of at most 512 characters.
  maxInputUrlLength: 512,
  optionPaths: { width: 'operations.resizing.width' },
  recognisedBy: 'has "operations" (and "output")',
  // "Input: BMP GIF JPEG PNG TIFF WEBP AVIF HEIC" (Claid's supported formats, https://docs.claid.ai).
  inputTypes: [
    'image/jpeg',
    'image/png',
    'image/webp',
    'image/avif',
    'image/tiff',
    'image/gif',
    'image/heic',
    'image/bmp',
  ],
  schema: claidRequestSchema,
  docs: claidDocs,
  keyOrder: keyOrderFromDocs(claidDocs),
  rules: claidRules,
  defaultRequest: () => ({
    operations: { background: { remove: { category: 'products' }, color: 'transparent' } },
    output: { format: 'png' },
  }),
  score: (value) => ['operations', 'output'].filter((key) => key in value).length * 10,
};
