/** GET /api/jobs/:id (the JobView) and its files: /result, /preview, /input. Files are streamed from the store. */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import type { BlobKind } from '../jobs/types.ts';
import type { Services } from '../services.ts';
import { contentDisposition } from './content-disposition.ts';

const MAX_WAIT_MS = 25_000;

export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function findJob(services: Services, id: string) {
  const record = JOB_ID.test(id) ? await services.store.get(id) : undefined;
  if (!record)
    throw notFound(
      `No job ${id.slice(0, 40)}: it never existed or its result expired from the store. Run it again.`,
    );
  return record;
}

async function sendBlob(
  c: Context<AppEnv>,
  services: Services,
  kind: BlobKind,
  notReady: (status: string) => HttpError,
) {
  const id = c.req.param('id') ?? '';
  const wait = kind === 'result' ? waitParam(c) : 0;
  // `/result?wait=ms` waits for the job to finish, so a client needs just POST + one GET.
  const record =
    wait > 0 ? await waitForJobChange(services, id, wait, (r) => !isActive(r)) : await findJob(services, id);
  const found = await services.store.blobPath(id, kind);
  if (!found) throw notReady(record.view.status);
  const stream = Readable.toWeb(createReadStream(found.path)) as ReadableStream;
  return c.body(stream, 200, {
    'content-type': found.blob.mime,
    'content-length': String(found.blob.bytes),
    'content-disposition': contentDisposition('inline', found.blob.name),
    // Input and preview never change once written; a touch-up or a finishing change (PUT
    // /api/jobs/:id/finish) replaces the result under the same URL.
    'cache-control': kind === 'result' ? 'private, no-cache' : 'private, max-age=86400, immutable',
  });
}

type JobRecordOf = Awaited<ReturnType<typeof findJob>>;
const isActive = (record: JobRecordOf) => record.view.status === 'queued' || record.view.status === 'running';

function waitParam(c: Context<AppEnv>): number {
  return Math.min(Math.max(Number(c.req.query('wait') ?? 0) || 0, 0), MAX_WAIT_MS);
}

/**
 * Long-poll: re-reads the job until `until(record)` holds, the job is gone (404) or `waitMs` passes.
 * Watches before it reads, so a change landing between the two is never missed.
 */
export async function waitForJobChange(
  services: Services,
  id: string,
  waitMs: number,
  until: (record: JobRecordOf) => boolean,
): Promise<JobRecordOf> {
  const deadline = AbortSignal.timeout(waitMs);
  let record = await findJob(services, id);
  while (!until(record) && !deadline.aborted) {
    const stop = new AbortController();
    const change = services.store.changed(id, AbortSignal.any([deadline, stop.signal])).catch(() => {});
    try {
      record = await findJob(services, id);
      if (until(record)) break;
      await change;
      record = await findJob(services, id);
    } finally {
      stop.abort();
    }
  }
  return record;
}

export function jobsReadRoute(services: Services) {
  const app = new Hono<AppEnv>();
  app.get('/api/jobs/:id', async (c) => {
    const id = c.req.param('id');
    let record = await findJob(services, id);
    // `?wait=ms` answers at the job's next visible change instead of after a fixed client interval.
    const wait = waitParam(c);
    if (wait > 0 && isActive(record)) {
      const visible = (r: JobRecordOf) =>
        JSON.stringify([
          r.view.status,
          r.view.stage,
          r.view.progress,
          r.view.previewAvailable,
          r.view.warnings.length,
          r.view.status === 'queued' ? services.queue.position(r.view.id) : undefined,
        ]);
      const before = visible(record);
      const deadline = Date.now() + wait;
      // One answer per visible change (or at the deadline), so a client long-polling many queued jobs
      // spends one request per change. A queued job's position lives in the queue, not the store, so the
      // server re-checks it every second itself instead of answering unchanged.
      for (let left = wait; left > 0 && visible(record) === before; left = deadline - Date.now()) {
        const slice = record.view.status === 'queued' ? Math.min(left, 1000) : left;
        record = await waitForJobChange(services, id, slice, (r) => visible(r) !== before);
      }
    }
    const view = { ...record.view };
    if (view.status === 'queued') {
      const position = services.queue.position(view.id);
      if (position !== undefined) view.queuePosition = position;
    }
    c.header('cache-control', 'no-store');
    return c.json(view);
  });
  app.get('/api/jobs/:id/result', (c) =>
    sendBlob(
      c,
      services,
      'result',
      (status) =>
        new HttpError(409, {
          code: status === 'failed' || status === 'cancelled' ? `job-${status}` : 'not-ready',
          message:
            status === 'failed' || status === 'cancelled'
              ? `This job is ${status}; it has no result.`
              : `The result is not ready yet (job is ${status}). Poll GET /api/jobs/:id until it is done.`,
        }),
    ),
  );
  app.get('/api/jobs/:id/preview', (c) =>
    sendBlob(
      c,
      services,
      'preview',
      (status) =>
        new HttpError(409, {
          code: 'no-preview',
          message: `No preview for this job (status ${status}); only the local executor makes quick previews.`,
        }),
    ),
  );
  app.get('/api/jobs/:id/input', (c) =>
    sendBlob(
      c,
      services,
      'input',
      () =>
        new HttpError(404, {
          code: 'no-input-file',
          message: 'This job was given an image URL, so the server keeps no copy of the input.',
        }),
    ),
  );
  return app;
}
