/**
 * Finishing beside the request. `finishFromForm` reads the optional `finish` field of POST /api/jobs and
 * POST /api/batches (JSON, validated like requests; errors name the path under `finish`).
 * PUT /api/jobs/:id/finish changes the finishing of a done job and re-renders its result through the job
 * queue — the local engine from its cached mask, a provider's result from its kept bytes — so a shadow
 * slider never calls the provider again (no credits) and never runs the model again. It answers the job
 * view once the re-render is done (200), or while it still runs after FINISH_WAIT_MS (202; poll the job).
 */
import { Hono, type Context } from 'hono';
import { parseFinishText, type Finish } from '../../recipe/index.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, badRequest } from '../errors.ts';
import type { FieldRule, ReceivedForm } from '../guards/multipart.ts';
import { hasFinish } from '../jobs/finishing.ts';
import type { JobRecord } from '../jobs/types.ts';
import type { Services } from '../services.ts';
import { findJob } from './jobs-read.ts';

/** Finishing JSON is a few hundred bytes; 8 KB leaves room for whitespace. */
const MAX_FINISH_BYTES = 8 * 1024;
const FINISH_WAIT_MS = 20_000;

export const FINISH_FIELD: Record<string, FieldRule> = {
  finish: { kind: 'text', maxBytes: MAX_FINISH_BYTES },
};

/** Parses finish JSON text; throws HttpError 400 `invalid-finish` with the first issue's path. */
function checkFinish(text: string | undefined): Finish | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseFinishText(text, 'finish');
  if (!parsed.ok) {
    const first = parsed.issues[0]!;
    throw badRequest('invalid-finish', first.message, first.path);
  }
  return hasFinish(parsed.finish) ? parsed.finish : undefined;
}

export function finishFromForm(form: ReceivedForm): Finish | undefined {
  return checkFinish(form.text('finish'));
}

/** Reads a small body whole, refusing it past `max` bytes even when it arrives chunked. */
async function readSmallBody(c: Context<AppEnv>, max: number): Promise<string> {
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, {
        code: 'body-too-large',
        message: `The finishing settings are over ${max / 1024} KB; send only {"shadow": …, "placement": …}.`,
        path: 'body',
      });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isActive = (r: JobRecord) => r.view.status === 'queued' || r.view.status === 'running';

function needsDoneJob(record: JobRecord): void {
  if (record.view.status === 'done') return;
  throw new HttpError(409, {
    code: isActive(record) ? 'job-active' : 'no-result',
    message: isActive(record)
      ? `The job is ${record.view.status}; change its finishing once it is done, or send it with the job.`
      : `This job has no result (it is ${record.view.status}), so there is nothing to finish. Run it again.`,
  });
}

async function waitUntilIdle(services: Services, id: string, waitMs: number): Promise<JobRecord> {
  const deadline = AbortSignal.timeout(waitMs);
  let record = await findJob(services, id);
  while (isActive(record) && !deadline.aborted) {
    const stop = new AbortController();
    const change = services.store.changed(id, AbortSignal.any([deadline, stop.signal])).catch(() => {});
    try {
      record = await findJob(services, id);
      if (!isActive(record)) break;
      await change;
      record = await findJob(services, id);
    } finally {
      stop.abort();
    }
  }
  return record;
}

export function jobsFinishRoute(services: Services) {
  const app = new Hono<AppEnv>();
  app.put('/api/jobs/:id/finish', async (c) => {
    const id = c.req.param('id');
    const record = await findJob(services, id);
    needsDoneJob(record);
    const text = await readSmallBody(c, MAX_FINISH_BYTES);
    if (text.trim() === '')
      throw badRequest(
        'missing-finish',
        'The body is empty; send the finishing settings as JSON, e.g. {"shadow": {"type": "contact"}}, or {} for none.',
        'finish',
      );
    const finish = checkFinish(text);
    if (record.view.executor !== 'local' && !record.blobs['provider-result']) {
      // Every re-render starts from the provider's own result, never from the last finished one.
      const blob = record.blobs.result;
      const original = blob ? await services.store.readBlob(id, 'result') : undefined;
      if (!blob || !original) needsDoneJob({ ...record, view: { ...record.view, status: 'failed' } });
      await services.store.putBlob(
        id,
        'provider-result',
        { data: original! },
        { ...blob!, name: 'provider-result' },
      );
    }
    if (record.view.executor === 'local' && !record.blobs.input)
      throw new HttpError(409, {
        code: 'no-input',
        message:
          'The server kept no copy of this photo, so its result cannot be rendered again. Run it again.',
      });
    await services.store.update(id, (r) => {
      r.refinish = r.view.finish ? { previous: r.view.finish } : {};
      if (finish) r.view.finish = finish;
      else delete r.view.finish;
      r.view.status = 'queued';
      r.view.stage = 'finishing';
      r.view.progress = 0;
      delete r.view.error;
      delete r.view.finishedAt;
    });
    // Engine work whichever executor made the result: it waits its turn with the local jobs.
    await services.queue.enqueue({ id, executor: 'local' });
    const after = await waitUntilIdle(services, id, FINISH_WAIT_MS);
    c.header('cache-control', 'no-store');
    const failed = after.refinish?.error;
    if (failed) {
      await services.store.update(id, (r) => {
        if (!isActive(r)) delete r.refinish;
      });
      throw new HttpError(422, {
        ...failed,
        message: `The new finishing could not be rendered, so the result before it stays: ${failed.message}`,
      });
    }
    return c.json(after.view, isActive(after) ? 202 : 200);
  });
  return app;
}
