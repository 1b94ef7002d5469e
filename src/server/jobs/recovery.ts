/**
 * Restart recovery for the embedded mode (in-memory queue, disk store): the queue lived in the previous
 * process, but every job's inputs are on disk, so jobs that were queued — or running when the server
 * stopped — are queued again, oldest first, in their own priority. (With BullMQ, its stalled-job handling
 * hands a dead worker's job to another, which calls recoverCrashedJob.)
 *
 * A job that was running when the server stopped without warning (a crash or a kill, not a graceful
 * shutdown, which puts it back to `queued` itself) may be what stopped it: after MAX_CRASHES such stops
 * it fails with a clear reason instead of taking the server down again.
 */
import type { JobWarning } from '../../recipe/index.ts';
import type { Logger } from '../log.ts';
import type { JobQueue, JobRecord, ResultStore } from './types.ts';

export const MAX_CRASHES = 2;

const RERUN_WARNING: JobWarning = {
  message: 'The server restarted while this job was running; it was run again from its input.',
};

function failure(record: JobRecord): { code: string; message: string } | undefined {
  if ((record.crashes ?? 0) >= MAX_CRASHES)
    return {
      code: 'server-restarted',
      message: `The server stopped ${MAX_CRASHES} times while running this job, so it was not run again. The photo may need more memory than the server has: try a smaller one, or see the server log.`,
    };
  if (!record.blobs.input && !record.imageUrl)
    return {
      code: 'server-restarted',
      message: 'The server restarted and this job’s input is no longer stored. Run it again.',
    };
  return undefined;
}

/**
 * Oldest first; a batch's items in the batch's order (its items are often created within one millisecond,
 * and the store lists records in no particular order).
 */
async function inOrder(store: ResultStore, records: JobRecord[]): Promise<JobRecord[]> {
  const position = new Map<string, number>();
  for (const record of records) {
    const ref = record.view.batch;
    if (!ref) continue;
    const items = (await store.getBatch(ref.id))?.items ?? [];
    position.set(
      record.view.id,
      items.findIndex((item) => item.id === ref.itemId),
    );
  }
  const key = (record: JobRecord) => position.get(record.view.id) ?? 0;
  return [...records].sort((a, b) => a.view.createdAt.localeCompare(b.view.createdAt) || key(a) - key(b));
}

/**
 * Puts an unfinished record back to `queued` (with the rerun warning when it was interrupted), or fails
 * it with the reason above. `crashed`: it was `running` when its server or worker died.
 */
function requeueOrFail(r: JobRecord, crashed: boolean, interrupted: boolean): void {
  if (crashed) r.crashes = (r.crashes ?? 0) + 1;
  const reason = failure(r);
  if (reason) {
    r.view.status = 'failed';
    r.view.error = { ...reason, executor: r.view.executor };
    r.view.finishedAt = new Date().toISOString();
    return;
  }
  r.view.status = 'queued';
  r.view.progress = 0;
  r.view.timings = {};
  delete r.view.stage;
  if (interrupted && !r.view.warnings.some((w) => w.message === RERUN_WARNING.message))
    r.view.warnings.push(RERUN_WARNING);
}

/**
 * Shared-queue recovery of one job: the queue handed out again a job whose record still says `running`
 * (its worker died — BullMQ's stalled-job handling). Counts the crash and queues the record again, or
 * fails it after MAX_CRASHES. Resolves to the record as it now is (undefined when gone).
 */
export function recoverCrashedJob(store: ResultStore, id: string): Promise<JobRecord | undefined> {
  return store.update(id, (r) => {
    if (r.view.status === 'running') requeueOrFail(r, true, true);
  });
}

/** Queues every unfinished job again (or fails it, see above). Resolves to how many were queued. */
export async function recoverJobs(store: ResultStore, queue: JobQueue, log: Logger): Promise<number> {
  let queued = 0;
  for (const record of await inOrder(store, await store.active())) {
    const id = record.view.id;
    const crashed = record.view.status === 'running';
    const interrupted = crashed || record.view.stage === 'interrupted';
    const updated = await store.update(id, (r) => requeueOrFail(r, crashed, interrupted));
    if (updated?.view.status !== 'queued') continue;
    await queue.enqueue(
      { id, executor: updated.view.executor },
      { priority: updated.view.batch ? 'batch' : 'interactive' },
    );
    queued++;
  }
  if (queued > 0) log({ level: 'info', msg: 'jobs queued again after a restart', count: queued });
  return queued;
}
