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
  // "Input: BMP GIF JPEG PNG TIFF WEBP AVIF HEIC" (Claid's supported formats page, PROVIDERS.md).
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
