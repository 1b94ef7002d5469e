/**
 * POST /api/jobs — validates every field at the edge (dialect, executor, request, image), stores the
 * input, queues the job and answers 202 at once. Nothing is run before everything checks out.
 */
import { Hono } from 'hono';
import {
  dialectIds,
  dialectModule,
  isDialect,
  parse,
  type Dialect,
  type ExecutorId,
  type JobView,
  type JsonObject,
} from '../../recipe/index.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, badRequest } from '../errors.ts';
import { readMultipart, type FieldRule, type ReceivedFile, type ReceivedForm } from '../guards/multipart.ts';
import { checkImage } from '../guards/upload.ts';
import { acceptedBy, providerInputWarnings } from '../executors/input-types.ts';
import { createJob } from '../jobs/create-job.ts';
import { checkPreset } from './presets.ts';
import type { Services } from '../services.ts';
import { checkExtensions, extensionRules } from './job-extensions.ts';
import { FINISH_FIELD, finishFromForm } from './jobs-finish.ts';

const MAX_REQUEST_BYTES = 256 * 1024;
const MAX_URL_LENGTH = 2048;

function rules(config: Config): Record<string, FieldRule> {
  return {
    image: { kind: 'file', maxBytes: config.maxUploadBytes, limitSetting: 'BACKDROP_MAX_UPLOAD_MB' },
    backgroundImage: {
      kind: 'file',
      maxBytes: config.maxUploadBytes,
      limitSetting: 'BACKDROP_MAX_UPLOAD_MB',
    },
    imageUrl: { kind: 'text', maxBytes: MAX_URL_LENGTH },
    dialect: { kind: 'text', maxBytes: 64 },
    executor: { kind: 'text', maxBytes: 64 },
    request: { kind: 'text', maxBytes: MAX_REQUEST_BYTES },
    ...extensionRules(config),
    ...FINISH_FIELD,
    preset: { kind: 'text', maxBytes: 64 },
  };
}

export function checkDialect(value: string | undefined): Dialect {
  if (value === undefined || value === '')
    throw badRequest(
      'missing-field',
      `The field "dialect" is missing; send one of: ${dialectIds().join(', ')}.`,
      'dialect',
    );
  if (!dialectIds().includes(value)) {
    throw badRequest(
      'invalid-dialect',
      `Unknown dialect "${value.slice(0, 40)}"; use one of: ${dialectIds().join(', ')}.`,
      'dialect',
    );
  }
  return value;
}

export function checkExecutor(
  value: string | undefined,
  dialect: Dialect,
  services: Services,
  config: Config,
): ExecutorId {
  if (value === undefined || value === '')
    throw badRequest(
      'missing-field',
      `The field "executor" is missing; send one of: ${[...services.executors.keys()].join(', ')}.`,
      'executor',
    );
  const executor = services.executors.get(value as ExecutorId);
  if (!executor)
    throw badRequest(
      'invalid-executor',
      `Unknown executor "${value.slice(0, 40)}"; use one of: ${[...services.executors.keys()].join(', ')}.`,
      'executor',
    );
  const reason = executor.unavailableReason(config);
  if (reason) {
    // A 4xx: the client can fix it by choosing another executor.
    throw new HttpError(400, {
      code: 'executor-unavailable',
      message: `${executor.label} cannot run jobs here: ${reason} Use the local executor instead.`,
      path: 'executor',
      executor: executor.id,
    });
  }
  if (!executor.dialects.includes(dialect)) {
    const other = executor.dialects[0] ?? dialect;
    throw badRequest(
      'dialect-mismatch',
      `${executor.label} runs ${executor.dialects.join('/')} requests, not ${dialect}. Translate the request to ${other} first, or run it on the local executor.`,
      'executor',
    );
  }
  return executor.id;
}

export function checkRequest(
  text: string | undefined,
  dialect: Dialect,
): { request: JsonObject; warnings: JobView['warnings'] } {
  if (text === undefined || text.trim() === '')
    throw badRequest(
      'missing-field',
      'The field "request" is missing; send the request JSON as text.',
      'request',
    );
  const parsed = parse(text, dialect);
  const firstError = parsed.issues.find((issue) => issue.severity === 'error');
  if (!parsed.ok || !parsed.request || firstError) {
    const where = firstError?.line ? ` (line ${firstError.line}, column ${firstError.column ?? 1})` : '';
    throw badRequest(
      'invalid-request',
      `${firstError?.message ?? 'The request is not valid.'}${where}`,
      firstError?.path || 'request',
    );
  }
  const warnings = parsed.issues
    .filter((issue) => issue.severity === 'warning')
    .slice(0, 20)
    .map((issue) => (issue.path ? { path: issue.path, message: issue.message } : { message: issue.message }));
  return { request: parsed.request, warnings };
}

export function checkImageUrl(value: string, executor: ExecutorId): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest(
      'invalid-url',
      'imageUrl is not a valid URL; give a direct http(s) link to an image.',
      'imageUrl',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw badRequest('invalid-url', `imageUrl must be http or https (got ${url.protocol}).`, 'imageUrl');
  const provider = isDialect(executor) ? dialectModule(executor) : undefined;
  const limit = provider?.maxInputUrlLength;
  if (provider && limit !== undefined && value.length > limit)
    throw badRequest(
      'invalid-url',
      `${provider.label} accepts input URLs of at most ${limit} characters (this one has ${value.length}).`,
      'imageUrl',
    );
  return url.toString();
}

/** Where a received file is: in memory, or spilled to a temp file. */
function sourceOf(file: ReceivedFile): { data: Buffer } | { path: string; bytes: number } {
  return file.data ? { data: file.data } : { path: file.path!, bytes: file.bytes };
}

export function jobsCreateRoute(config: Config, services: Services) {
  const app = new Hono<AppEnv>();
  app.post('/api/jobs', async (c) => {
    let form: ReceivedForm | undefined;
    try {
      form = await readMultipart(c.req.raw.body, c.req.header('content-type'), rules(config), {
        tempDir: services.store.tempDir(),
        declaredBytes: Number(c.req.header('content-length')) || undefined,
      });
      const dialect = checkDialect(form.text('dialect'));
      const executor = checkExecutor(form.text('executor'), dialect, services, config);
      const { request, warnings } = checkRequest(form.text('request'), dialect);
      const finish = finishFromForm(form);
      const preset = checkPreset(form.text('preset'));
      const file = form.file('image');
      const imageUrl = form.text('imageUrl')?.trim();
      if (file && imageUrl)
        throw badRequest('image-and-url', 'Send either an image file or imageUrl, not both.', 'image');
      if (!file && !imageUrl)
        throw badRequest(
          'missing-image',
          'No image: send a file in the field "image" or a link in "imageUrl".',
          'image',
        );
      if (file && file.bytes === 0)
        throw badRequest('empty-image', 'The uploaded image is empty (0 bytes).', 'image');
      const limits = { maxBytes: config.maxUploadBytes, maxMegapixels: config.maxMegapixels };
      const runner = services.executors.get(executor)!;
      const accept = acceptedBy(runner, services.executors.values(), config);
      const checked = file ? await checkImage(sourceOf(file), limits, 'image', accept) : undefined;
      // The local engine reports frames and decoder warnings itself when it decodes; providers do not.
      if (checked && executor !== 'local') warnings.push(...providerInputWarnings(checked, runner));
      const background = form.file('backgroundImage');
      if (background) {
        if (executor !== 'local')
          throw badRequest(
            'unexpected-field',
            'backgroundImage is only used by the local executor; providers fetch background.replace themselves.',
            'backgroundImage',
          );
        await checkImage(sourceOf(background), limits, 'backgroundImage', accept);
      }
      const url = imageUrl ? checkImageUrl(imageUrl, executor) : undefined;
      const extensions = await checkExtensions(form, { executor, dialect, request }, checked ?? null, config);

      const name = (file?.filename || (url ? new URL(url).pathname.split('/').pop() : '') || 'image').slice(
        0,
        120,
      );
      const { id } = await createJob(services, {
        executor,
        dialect,
        request,
        warnings,
        name,
        ...(finish ? { finish } : {}),
        ...(preset ? { preset: preset.id } : {}),
        ...(file && checked
          ? {
              input: { source: sourceOf(file), image: checked },
            }
          : {}),
        ...(url ? { imageUrl: url } : {}),
        ...(background
          ? {
              background: {
                source: sourceOf(background),
                bytes: background.bytes,
                name: background.filename || 'background',
              },
            }
          : {}),
        ...extensions,
      });
      return c.json({ id }, 202, { location: `/api/jobs/${id}` });
    } finally {
      await form?.dispose();
    }
  });
  return app;
}
