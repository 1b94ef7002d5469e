/**
 * GET /api/batches/:id — the batch, its counts and one page of items (`?offset=&limit=`); `?wait=ms`
 * (≤ 25 000) long-polls: answers at the next visible change of the batch or of an item on the page.
 * GET /api/batches/:id/archive — a ZIP of the results done so far plus manifest.csv and manifest.json,
 * streamed (see jobs/batch/archive.ts).
 */
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { BatchView } from '../../recipe/index.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { batchArchive } from '../jobs/batch/archive.ts';
import { batchView, snapshotBatch } from '../jobs/batch/batches.ts';
import type { Services } from '../services.ts';
import { JOB_ID } from './jobs-read.ts';
import { contentDisposition } from './content-disposition.ts';

const MAX_WAIT_MS = 25_000;
const DEFAULT_PAGE = 100;
/** After a change, gather the changes of the next moment into the same answer (a batch changes often). */
const SETTLE_MS = 150;

export const missingBatch = (id: string) =>
  notFound(`No batch ${id.slice(0, 40)}: it never existed or all its results expired from the store.`);

function intParam(c: Context<AppEnv>, name: string, fallback: number): number {
  const value = Number.parseInt(c.req.query(name) ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** What a client would redraw: counts, status, back-off and each item's visible state on this page. */
function visible(view: BatchView): string {
  return JSON.stringify([
    view.status,
    view.counts,
    view.backoffUntil,
    view.page.total,
    view.items.map((item) => [item.jobId, item.status, item.stage, item.progress, item.previewAvailable]),
  ]);
}

async function readView(services: Services, id: string, page: { offset: number; limit: number }) {
  const view = JOB_ID.test(id) ? await batchView(services, id, page) : undefined;
  if (!view) throw missingBatch(id);
  return view;
}

export function batchesReadRoute(services: Services) {
  const app = new Hono<AppEnv>();
  app.get('/api/batches/:id', async (c) => {
    const id = c.req.param('id');
    const page = { offset: intParam(c, 'offset', 0), limit: intParam(c, 'limit', DEFAULT_PAGE) };
    const wait = Math.min(intParam(c, 'wait', 0), MAX_WAIT_MS);
    let view = await readView(services, id, page);
    if (wait > 0 && view.status === 'running') {
      const before = visible(view);
      const deadline = AbortSignal.timeout(wait);
      while (!deadline.aborted && visible(view) === before) {
        // Watch before re-reading, so a change between the two is never missed.
        const stop = new AbortController();
        const change = services.store.changed(id, AbortSignal.any([deadline, stop.signal])).catch(() => {});
        try {
          view = await readView(services, id, page);
          if (visible(view) !== before) break;
          await change;
          if (!deadline.aborted) await new Promise((r) => setTimeout(r, SETTLE_MS));
          view = await readView(services, id, page);
        } finally {
          stop.abort();
        }
      }
    }
    c.header('cache-control', 'no-store');
    return c.json(view);
  });

  app.get('/api/batches/:id/archive', async (c) => {
    const id = c.req.param('id');
    const snapshot = JOB_ID.test(id) ? await snapshotBatch(services, id) : undefined;
    if (!snapshot) throw missingBatch(id);
    const archive = await batchArchive(services.store, snapshot);
    const name = `backdrop-batch-${id.slice(0, 8)}${snapshot.status === 'running' ? '-so-far' : ''}.zip`;
    return c.body(Readable.toWeb(archive.stream) as ReadableStream, 200, {
      'content-type': 'application/zip',
      'content-length': String(archive.bytes),
      'content-disposition': contentDisposition('attachment', name),
      'cache-control': 'no-store',
      'x-backdrop-files': String(archive.files),
    });
  });
  return app;
}
