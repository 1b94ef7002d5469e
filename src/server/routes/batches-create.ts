/**
 * POST /api/batches — multipart `dialect`, `request`, `executor`, optional `finish` (Backdrop's finishing
 * for every item, as on POST /api/jobs), and any number of `images` files
 * and/or `imageUrls` (a JSON array of links) → 202 BatchCreated. POST /api/batches/:id/items — more
 * `images` / `imageUrls` for an existing batch → 202 with the new items. POST
 * /api/batches/:id/items/:itemId/retry — runs an item again, from a replacement `image` when one is sent.
 *
 * The fields are checked like POST /api/jobs and refuse the whole request; each input is checked on its
 * own, and a bad one (not an image, truncated, too large, too many pixels, a bad link) becomes an item
 * that failed with the usual reason while the rest run. The upload is read whole first (large files
 * spill to disk as they arrive), so a request that breaks off half-way creates nothing.
 */
import { Hono, type Context } from 'hono';
import type { ApiError, BatchCreated, ExecutorId } from '../../recipe/index.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, badRequest } from '../errors.ts';
import { readMultipart, type FieldRule, type ReceivedFile, type ReceivedForm } from '../guards/multipart.ts';
import { checkImage } from '../guards/upload.ts';
import { acceptedBy, providerInputWarnings } from '../executors/input-types.ts';
import { addBatchItem, createBatch, retryBatchItem, type BatchInput } from '../jobs/batch/batches.ts';
import { nameFromUrl, safeFileName } from '../jobs/batch/names.ts';
import type { Services } from '../services.ts';
import { missingBatch } from './batches-read.ts';
import { JOB_ID } from './jobs-read.ts';
import { checkDialect, checkExecutor, checkImageUrl, checkRequest } from './jobs-create.ts';
import { FINISH_FIELD, finishFromForm } from './jobs-finish.ts';
import { checkPreset } from './presets.ts';

const MAX_URLS_BYTES = 1024 * 1024;

function inputRules(config: Config): Record<string, FieldRule> {
  return {
    // Any single file up to the whole upload's size is received, so one too large fails alone (below).
    images: {
      kind: 'file',
      maxBytes: config.batchMaxUploadBytes,
      maxCount: config.batchMaxItems,
      limitSetting: 'BACKDROP_BATCH_MAX_UPLOAD_MB',
    },
    imageUrls: { kind: 'text', maxBytes: MAX_URLS_BYTES },
  };
}

async function readForm(
  c: Context<AppEnv>,
  services: Services,
  rules: Record<string, FieldRule>,
  maxTotalBytes: number,
) {
  return readMultipart(c.req.raw.body, c.req.header('content-type'), rules, {
    tempDir: services.store.tempDir(),
    maxTotalBytes,
    declaredBytes: Number(c.req.header('content-length')) || undefined,
  });
}

const refusal = (error: unknown, path: string): ApiError => {
  if (error instanceof HttpError) return { ...error.body, path };
  throw error;
};

/**
 * Checks one uploaded file as an item, exactly as POST /api/jobs checks its image (type the executor
 * takes, size, damage in the decoder's words); a bad one comes back as `refused` with the same reason.
 */
async function fileInput(
  file: ReceivedFile,
  config: Config,
  services: Services,
  executor: ExecutorId,
): Promise<BatchInput> {
  const name = safeFileName(file.filename, `image-${file.index + 1}`);
  const path = `images[${file.index}]`;
  if (file.bytes === 0)
    return {
      name,
      refused: { code: 'empty-image', message: `The image "${name}" is empty (0 bytes).`, path },
    };
  const source = file.data ? { data: file.data } : { path: file.path!, bytes: file.bytes };
  const runner = services.executors.get(executor)!;
  try {
    const image = await checkImage(
      source,
      { maxBytes: config.maxUploadBytes, maxMegapixels: config.maxMegapixels },
      `image "${name}"`,
      acceptedBy(runner, services.executors.values(), config),
    );
    return {
      name,
      input: { source: file.data ? { data: file.data } : { path: file.path! }, image },
      // The local engine reports frames and decoder warnings itself when it decodes; providers do not.
      ...(executor !== 'local' ? { warnings: providerInputWarnings(image, runner) } : {}),
    };
  } catch (error) {
    return { name, refused: refusal(error, path) };
  }
}

/** The `imageUrls` field: a JSON array of links, each checked on its own. */
function urlInputs(text: string | undefined, executor: ExecutorId): BatchInput[] {
  if (text === undefined || text.trim() === '') return [];
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw badRequest(
      'invalid-field',
      'imageUrls must be a JSON array of links, e.g. ["https://…/a.jpg"].',
      'imageUrls',
    );
  }
  if (!Array.isArray(list))
    throw badRequest(
      'invalid-field',
      'imageUrls must be a JSON array of links, e.g. ["https://…/a.jpg"].',
      'imageUrls',
    );
  return list.map((value, i): BatchInput => {
    const path = `imageUrls[${i}]`;
    if (typeof value !== 'string')
      return {
        name: `link-${i + 1}`,
        refused: { code: 'invalid-url', message: `imageUrls[${i}] is not a text link.`, path },
      };
    try {
      const url = checkImageUrl(value.trim(), executor);
      return { name: nameFromUrl(url), imageUrl: url };
    } catch (error) {
      return { name: `link-${i + 1}`, refused: refusal(error, path) };
    }
  });
}

async function inputsOf(
  form: ReceivedForm,
  config: Config,
  services: Services,
  executor: ExecutorId,
  existing: number,
) {
  const inputs = [
    ...(await Promise.all(form.files('images').map((file) => fileInput(file, config, services, executor)))),
    ...urlInputs(form.text('imageUrls'), executor),
  ];
  if (inputs.length === 0)
    throw badRequest(
      'missing-image',
      'No images: send files in the field "images" and/or a JSON array of links in "imageUrls".',
      'images',
    );
  if (existing + inputs.length > config.batchMaxItems)
    throw new HttpError(413, {
      code: 'too-many-items',
      message: `A batch holds at most ${config.batchMaxItems} items (BACKDROP_BATCH_MAX_ITEMS); this one would have ${existing + inputs.length}. Start another batch for the rest.`,
      path: 'images',
    });
  return inputs;
}

async function addAll(services: Services, batchId: string, inputs: BatchInput[]): Promise<BatchCreated> {
  const items: BatchCreated['items'] = [];
  for (const input of inputs) {
    const item = await addBatchItem(services, batchId, input);
    if (item) items.push(item);
  }
  return { id: batchId, items };
}

export function batchesCreateRoute(config: Config, services: Services) {
  const app = new Hono<AppEnv>();
  const uploadBytes = config.batchMaxUploadBytes + 1024 * 1024;

  app.post('/api/batches', async (c) => {
    let form: ReceivedForm | undefined;
    try {
      form = await readForm(
        c,
        services,
        {
          ...inputRules(config),
          dialect: { kind: 'text', maxBytes: 64 },
          executor: { kind: 'text', maxBytes: 64 },
          request: { kind: 'text', maxBytes: 256 * 1024 },
          ...FINISH_FIELD,
          preset: { kind: 'text', maxBytes: 64 },
        },
        uploadBytes,
      );
      const dialect = checkDialect(form.text('dialect'));
      const executor = checkExecutor(form.text('executor'), dialect, services, config);
      const { request, warnings } = checkRequest(form.text('request'), dialect);
      const finish = finishFromForm(form);
      const preset = checkPreset(form.text('preset'));
      const inputs = await inputsOf(form, config, services, executor, 0);
      const batch = await createBatch(services, {
        dialect,
        executor,
        request,
        warnings,
        ...(finish ? { finish } : {}),
        ...(preset ? { preset: preset.id } : {}),
      });
      const created = await addAll(services, batch.id, inputs);
      return c.json(created, 202, { location: `/api/batches/${batch.id}` });
    } finally {
      await form?.dispose();
    }
  });

  app.post('/api/batches/:id/items', async (c) => {
    const id = c.req.param('id');
    const batch = JOB_ID.test(id) ? await services.store.getBatch(id) : undefined;
    if (!batch) throw missingBatch(id);
    let form: ReceivedForm | undefined;
    try {
      form = await readForm(c, services, inputRules(config), uploadBytes);
      const inputs = await inputsOf(form, config, services, batch.executor, batch.items.length);
      return c.json(await addAll(services, id, inputs), 202);
    } finally {
      await form?.dispose();
    }
  });

  app.post('/api/batches/:id/items/:itemId/retry', async (c) => {
    const { id, itemId } = c.req.param();
    const batch = JOB_ID.test(id) ? await services.store.getBatch(id) : undefined;
    if (!batch) throw missingBatch(id);
    let form: ReceivedForm | undefined;
    try {
      const multipart = /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');
      if (multipart)
        form = await readForm(
          c,
          services,
          {
            image: { kind: 'file', maxBytes: config.maxUploadBytes, limitSetting: 'BACKDROP_MAX_UPLOAD_MB' },
          },
          config.maxUploadBytes + 1024 * 1024,
        );
      const file = form?.file('image');
      const replacement = file
        ? await fileInput({ ...file, index: 0 }, config, services, batch.executor)
        : undefined;
      if (replacement?.refused) throw new HttpError(422, { ...replacement.refused, path: 'image' });
      const result = await retryBatchItem(services, id, itemId, replacement);
      if (!result) throw missingBatch(`${id} item ${itemId}`);
      if ('conflict' in result) throw new HttpError(409, result.conflict);
      return c.json(result, 202);
    } finally {
      await form?.dispose();
    }
  });
  return app;
}
