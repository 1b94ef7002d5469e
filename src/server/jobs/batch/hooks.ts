/**
 * How a batch reacts to its items' provider failures, as the queue's JobHooks:
 * - 429 (rate-limited, after the adapter's own bounded retries): the item goes back to the head of the
 *   batch queue and no batch item of that executor starts until the provider's Retry-After has passed
 *   (`BatchView.backoffUntil`); then the batch resumes by itself. Interactive jobs are not held.
 * - no credits (Claid 402, Deep-Image NOT_ENOUGH_CREDITS): going on cannot succeed, so the batch stops:
 *   its waiting items are cancelled with the reason, done results are kept (`status: 'stopped'`).
 */
import type { ApiError } from '../../../recipe/index.ts';
import type { JobHooks } from '../processor.ts';
import type { JobQueue, JobRecord, ResultStore } from '../types.ts';
import { cancelJob } from './batches.ts';

/** A provider that keeps answering 429 fails the item after this many waits. */
const MAX_RATE_LIMIT_WAITS = 20;
/** When the provider gives no time (Deep-Image's concurrency 429): about one short job's length. */
const DEFAULT_WAIT_SECONDS = 10;
const MAX_WAIT_SECONDS = 15 * 60;

/** Seconds the provider asked us to wait: the error's Retry-After, else its RateLimit-Reset header. */
function waitSeconds(failure: ApiError, record: JobRecord | undefined): number {
  const asked =
    (failure as { retryAfterSeconds?: number }).retryAfterSeconds ?? record?.view.rateLimit?.resetSeconds;
  const seconds = Number.isFinite(asked) && asked! > 0 ? asked! : DEFAULT_WAIT_SECONDS;
  return Math.min(Math.max(seconds, 1), MAX_WAIT_SECONDS);
}

export function batchHooks(deps: {
  store: ResultStore;
  queue: () => JobQueue;
  label: (executor: string) => string;
}): JobHooks {
  const { store } = deps;
  return {
    async requeueAfterFailure(record, failure) {
      const ref = record.view.batch;
      if (!ref || failure.code !== 'rate-limited') return false;
      const batch = await store.getBatch(ref.id);
      const item = batch?.items.find((i) => i.id === ref.itemId);
      if (!batch || !item || batch.cancelledAt || batch.stoppedAt) return false;
      if ((item.rateLimited ?? 0) >= MAX_RATE_LIMIT_WAITS) return false;
      const until = Date.now() + waitSeconds(failure, await store.get(record.view.id)) * 1000;
      deps.queue().holdBatch(record.view.executor, until);
      await store.updateBatch(batch.id, (b) => {
        const target = b.items.find((i) => i.id === item.id);
        if (target) target.rateLimited = (target.rateLimited ?? 0) + 1;
        if (!b.backoffUntil || Date.parse(b.backoffUntil) < until)
          b.backoffUntil = new Date(until).toISOString();
      });
      return true;
    },

    async ended(record) {
      const ref = record.view.batch;
      if (!ref || record.view.status !== 'failed' || record.view.error?.code !== 'no-credits') return;
      const label = deps.label(record.view.executor);
      const reason: ApiError = {
        code: 'no-credits',
        message: `${label} has no credits left, so the batch stopped; done results are kept. Top up the account, then retry the items that did not run (or run them on the local executor).`,
        executor: record.view.executor,
      };
      const batch = await store.updateBatch(ref.id, (b) => {
        if (b.stoppedAt || b.cancelledAt) return;
        b.stoppedAt = new Date().toISOString();
        b.stopReason = reason;
      });
      if (!batch || (batch.stopReason !== reason && batch.stopReason?.message !== reason.message)) return;
      const notRun: ApiError = {
        code: 'batch-stopped',
        message: `Not run: the batch stopped because ${label} has no credits left. Retry it once the account is topped up.`,
        executor: record.view.executor,
      };
      for (const item of batch.items) {
        const job = await store.get(item.jobId);
        if (job?.view.status === 'queued')
          await cancelJob({ store, queue: deps.queue() }, item.jobId, notRun);
      }
    },
  };
}
