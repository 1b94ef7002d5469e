/**
 * Copy-paste code for running a request: through the Backdrop BFF (upload, poll, download) or against the
 * provider directly. Keys appear only as environment-variable placeholders, never as values.
 */
import type { Dialect, ExecutorId, JsonObject } from '../types.ts';
import { print } from '../request.ts';
import { formatSubjectBox, type SubjectBox } from '../subject-box.ts';
import { toPlan } from '../convert.ts';
import type { Context, Writer } from './context.ts';
import { curlBackdrop, curlProvider } from './curl.ts';
import { fetchBackdrop, fetchProvider } from './fetch.ts';
import { pythonBackdrop, pythonProvider } from './python.ts';

export interface SnippetOptions {
  language: 'curl' | 'fetch' | 'python';
  target: 'backdrop' | 'provider';
  dialect: Dialect;
  request: JsonObject;
  executor?: ExecutorId;
  imageName?: string;
  backdropOrigin?: string;
  /** The photo's subject box (Backdrop extension): sent to the local engine, noted everywhere else. */
  subjectBox?: SubjectBox;
  /** The file name of the photo's touched-up mask: sent as `mask` through Backdrop, noted for a provider. */
  maskFile?: string;
}

export function snippet(options: SnippetOptions): string {
  const extension = resultExtension(options.dialect, options.request);
  const context: Context = {
    dialect: options.dialect,
    executor: options.executor ?? 'local',
    image: options.imageName?.trim() || 'product.jpg',
    origin: (options.backdropOrigin ?? 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    body: print(options.request, options.dialect),
    compact: JSON.stringify(options.request),
    request: options.request,
    resultFile: `result.${extension}`,
    ...(options.subjectBox ? { subjectBox: formatSubjectBox(options.subjectBox) } : {}),
    ...(options.maskFile ? { maskFile: options.maskFile } : {}),
  };
  const writers: Record<SnippetOptions['language'], { backdrop: Writer; provider: Writer }> = {
    curl: { backdrop: curlBackdrop, provider: curlProvider },
    fetch: { backdrop: fetchBackdrop, provider: fetchProvider },
    python: { backdrop: pythonBackdrop, provider: pythonProvider },
  };
  const writer = writers[options.language];
  if (!writer)
    throw new Error(`Unknown snippet language "${String(options.language)}": use curl, fetch or python.`);
  return writer[options.target === 'provider' ? 'provider' : 'backdrop'](context);
}

function resultExtension(dialect: Dialect, request: JsonObject): string {
  try {
    const format = toPlan(dialect, request).output.format;
    return format === 'jpeg' ? 'jpg' : format;
  } catch {
    return 'png';
  }
}
