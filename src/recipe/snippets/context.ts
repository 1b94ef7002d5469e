/** What every snippet writer gets, and how each provider is called directly. */
import type { Dialect, ExecutorId, JsonObject } from '../types.ts';

export interface Context {
  dialect: Dialect;
  executor: ExecutorId;
  image: string;
  origin: string;
  body: string;
  compact: string;
  request: JsonObject;
  resultFile: string;
}

export type Writer = (context: Context) => string;

export const PROVIDER = {
  claid: {
    url: 'https://api.claid.ai/v1-beta1/image/edit/upload',
    keyVar: 'CLAID_API_KEY',
    header: 'Authorization',
    headerValue: (key: string) => `Bearer ${key}`,
    fileField: 'file',
    bodyField: 'data',
  },
  'deep-image': {
    url: 'https://deep-image.ai/rest_api/process_result',
    keyVar: 'DEEP_IMAGE_API_KEY',
    header: 'x-api-key',
    headerValue: (key: string) => key,
    fileField: 'fileName',
    bodyField: 'parameters',
  },
} as const;

export const providerName = (dialect: Dialect) => (dialect === 'claid' ? 'Claid' : 'Deep-Image');
