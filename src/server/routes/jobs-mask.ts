/**
 * GET /api/jobs/:id/mask — the mask in use (touched up, supplied, or the one the engine computed; a
 * provider's cut-out alpha). PUT /api/jobs/:id/mask — replaces it with a PNG at the photo's size and
 * re-renders the result with the same request, through the job queue: the local engine from the mask
 * (no model pass), a provider's cut-out with the mask as its alpha (the provider is not called again).
 */
import { Hono, type Context } from 'hono';
import { computeMask, cutoutMask, EngineError } from '../../engine/index.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, badRequest, formatBytes } from '../errors.ts';
import { checkMaskPng } from '../guards/mask-upload.ts';
import type { JobRecord } from '../jobs/types.ts';
import type { Services } from '../services.ts';
import { findJob, waitForJobChange } from './jobs-read.ts';
import { contentDisposition } from './content-disposition.ts';
import { downloadName } from '../../recipe/index.ts';

const TOUCH_UP_WAIT_MS = 25_000;
const isActive = (r: JobRecord) => r.view.status === 'queued' || r.view.status === 'running';

function needsFinishedJob(record: JobRecord): void {
  if (isActive(record))
    throw new HttpError(409, {
      code: 'not-ready',
      message: `The job is ${record.view.status}; its mask is known once it is done. Poll GET /api/jobs/:id.`,
    });
  if (!record.blobs.result)
    throw new HttpError(409, {
      code: 'no-result',
      message: `This job has no result (it is ${record.view.status}), so it has no mask to show or touch up. Run it again.`,
    });
  if (!record.blobs.input)
    throw new HttpError(409, {
      code: 'no-input-file',
      message:
        'The server kept no copy of this photo, so its mask cannot be read or touched up. Run it with the file itself.',
    });
}

function engineRefusal(error: unknown): never {
  if (error instanceof EngineError) throw new HttpError(422, { code: error.code, message: error.message });
  throw error;
}

/** The engine's mask for a job that has none stored yet, kept as the job's `mask` blob from then on. */
async function computeJobMask(services: Services, record: JobRecord): Promise<Buffer> {
  const id = record.view.id;
  const input = (await services.store.readBlob(id, 'input'))!;
  let png: Buffer;
  if (record.view.executor === 'local') {
    png = (
      await computeMask(input, record.subjectBox ? { subjectBox: record.subjectBox } : {}).catch(
        engineRefusal,
      )
    ).png;
  } else {
    const result =
      (await services.store.readBlob(id, 'provider-result')) ??
      (await services.store.readBlob(id, 'result'))!;
    png = (await cutoutMask(result, input).catch(engineRefusal)).png;
  }
  await services.store.putBlob(
    id,
    'mask',
    { data: png },
    { mime: 'image/png', bytes: png.length, name: 'mask.png' },
  );
  return png;
}

/** Reads the request body up to `maxBytes` (the declared length was checked by middleware; chunked is counted). */
async function readBody(c: Context<AppEnv>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const body = c.req.raw.body;
  if (!body) return Buffer.alloc(0);
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes)
      throw new HttpError(413, {
        code: 'body-too-large',
        message: `The mask is over ${formatBytes(maxBytes)} (BACKDROP_MAX_UPLOAD_MB); a grey PNG of the photo is far smaller.`,
        path: 'body',
      });
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export function jobsMaskRoute(config: Config, services: Services) {
  const app = new Hono<AppEnv>();
  app.get('/api/jobs/:id/mask', async (c) => {
    const record = await findJob(services, c.req.param('id'));
    needsFinishedJob(record);
    const png =
      (await services.store.readBlob(record.view.id, 'mask')) ?? (await computeJobMask(services, record));
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'content-length': String(png.length),
      'content-disposition': contentDisposition(
        'inline',
        downloadName(record.view.input.name ?? 'photo', 'png', 'mask'),
      ),
      // A touch-up replaces it under the same URL.
      'cache-control': 'private, no-cache',
    });
  });

  app.put('/api/jobs/:id/mask', async (c) => {
    const id = c.req.param('id');
    const record = await findJob(services, id);
    needsFinishedJob(record);
    const data = await readBody(c, config.maxUploadBytes);
    if (data.length === 0)
      throw badRequest(
        'missing-mask',
        'The body is empty; send the mask PNG as the body (content-type image/png).',
        'body',
      );
    const { width, height } = record.view.input;
    await checkMaskPng(
      { data },
      { width, height },
      { maxBytes: config.maxUploadBytes, maxMegapixels: config.maxMegapixels },
      'mask',
    );
    if (record.view.executor !== 'local' && !record.blobs['provider-result']) {
      // Every touch-up starts from the provider's own result, never from the previous touch-up.
      const original = (await services.store.readBlob(id, 'result'))!;
      const blob = record.blobs.result!;
      await services.store.putBlob(
        id,
        'provider-result',
        { data: original },
        { ...blob, name: 'provider-result' },
      );
    }
    await services.store.putBlob(
      id,
      'mask',
      { data },
      { mime: 'image/png', bytes: data.length, name: 'mask.png' },
    );
    await services.store.update(id, (r) => {
      r.touchUp = true;
      r.view.status = 'queued';
      r.view.stage = 'touch-up';
      r.view.progress = 0;
      r.view.mask = { source: 'edited', editedAt: new Date().toISOString() };
      delete r.view.error;
      delete r.view.finishedAt;
    });
    // Engine work, whichever executor made the result: it waits its turn with the local jobs.
    await services.queue.enqueue({ id, executor: 'local' });
    const after = await waitForJobChange(services, id, TOUCH_UP_WAIT_MS, (r) => !isActive(r));
    c.header('cache-control', 'no-store');
    if (after.view.status === 'failed' && after.view.error)
      throw new HttpError(422, {
        ...after.view.error,
        message: `The touch-up failed: ${after.view.error.message}`,
      });
    return c.json(after.view, isActive(after) ? 202 : 200);
  });
  return app;
}
