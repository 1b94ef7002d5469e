/**
 * The batch's overall state above the grid: a progress bar with count and time left, the totals
 * (done / failed / time / the marketplace check / bytes), a stop message when the server ended the batch, and the bulk
 * actions (cancel all, retry failed, download).
 */
import { findPreset } from '../../recipe/presets/catalogue.ts';
import { Button } from '../common/Button.tsx';
import { formatBytes } from '../input/check-photo.ts';
import { archiveUrl } from './batch-api.ts';
import { useBatch } from './batch-store.ts';
import { plural } from './labels.ts';
import { formatDuration, formatRemaining, type BatchProgress } from './progress.ts';
import { cancelAll, canRetry, retryFailed } from './runner.ts';
import { useWatchHealth } from './watcher.ts';

/** Before Run: how many photos will go, and how many cannot (each tile says why). */
function Draft({ progress }: { progress: BatchProgress }) {
  const { queued, failed, total } = progress.counts;
  return (
    <div className="bs-progress-head">
      <strong data-testid="batch-count">{plural(queued, 'photo')} ready to run</strong>
      <span className="bs-muted">
        {failed > 0
          ? `${failed} of ${total} cannot run: see ${failed === 1 ? 'its tile' : 'their tiles'}`
          : ''}
      </span>
    </div>
  );
}

/** The server's estimate while it holds every open item; ours (from the rate so far) while some are still going up. */
function useRemaining(progress: BatchProgress): number | null {
  const serverSeconds = useWatchHealth((s) => s.secondsLeft);
  const uploading = useBatch((s) =>
    Object.values(s.items).some((i) => i.status === 'queued' && i.transfer !== 'sent'),
  );
  return serverSeconds !== undefined && !uploading ? serverSeconds * 1000 : progress.remainingMs;
}

function Bar({ progress }: { progress: BatchProgress }) {
  const { counts, fraction, running } = progress;
  const remainingMs = useRemaining(progress);
  const finished = counts.total - counts.queued - counts.running;
  const pct = Math.round(fraction * 100);
  const share = (n: number) => `${(n / Math.max(1, counts.total)) * 100}%`;
  return (
    <div className="bs-progress">
      <div className="bs-progress-head">
        <strong data-testid="batch-count">
          {finished} of {plural(counts.total, 'photo')}
        </strong>
        <span className="bs-muted" role="status" aria-live="polite">
          {running
            ? formatRemaining(remainingMs)
            : counts.queued + counts.running === 0 && finished > 0
              ? 'Finished'
              : ''}
        </span>
      </div>
      <div
        className={`bs-bar${running ? ' bs-bar-running' : ''}`}
        role="progressbar"
        aria-label="Batch progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${finished} of ${counts.total} finished`}
      >
        <span className="bs-bar-done" style={{ width: share(counts.done) }} />
        <span className="bs-bar-failed" style={{ width: share(counts.failed) }} />
        <span className="bs-bar-cancelled" style={{ width: share(counts.cancelled) }} />
      </div>
    </div>
  );
}

/** "10 pass · 2 warn" over the done items' marketplace checks; '' when none was checked. */
export function checkTally(statuses: string[]): string {
  const order = ['pass', 'warn', 'fail'] as const;
  return order
    .map((status) => [status, statuses.filter((s) => s === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(' · ');
}

function Totals({ progress }: { progress: BatchProgress }) {
  const { counts, elapsedMs, bytesIn, bytesOut } = progress;
  // A string, so the selector's result compares by value and the summary re-renders only when it changes.
  const checks = useBatch((s) =>
    checkTally(
      Object.values(s.items).flatMap((i) =>
        i.status === 'done' && i.compliance ? [i.compliance.status] : [],
      ),
    ),
  );
  const preset = useBatch((s) => s.meta?.preset ?? null);
  return (
    <dl className="bs-totals" data-testid="batch-totals">
      <div>
        <dt>Done</dt>
        <dd className="bs-done">{counts.done}</dd>
      </div>
      <div>
        <dt>Failed</dt>
        <dd className={counts.failed ? 'bs-failed' : undefined}>{counts.failed}</dd>
      </div>
      {counts.cancelled > 0 && (
        <div>
          <dt>Cancelled</dt>
          <dd>{counts.cancelled}</dd>
        </div>
      )}
      {elapsedMs > 0 && (
        <div>
          <dt>Time</dt>
          <dd>{formatDuration(elapsedMs)}</dd>
        </div>
      )}
      {checks && (
        <div data-testid="batch-check-tally">
          <dt title={preset ? `Checked against ${findPreset(preset)?.title ?? preset}` : undefined}>Check</dt>
          <dd>{checks}</dd>
        </div>
      )}
      <div>
        <dt>Bytes</dt>
        <dd>
          {formatBytes(bytesIn)} in{bytesOut ? ` · ${formatBytes(bytesOut)} out` : ''}
        </dd>
      </div>
    </dl>
  );
}

function Actions({ progress }: { progress: BatchProgress }) {
  const serverId = useBatch((s) => s.meta?.serverId ?? null);
  const retryable = useBatch(
    (s) => Object.values(s.items).filter((i) => i.status === 'failed' && canRetry(i)).length,
  );
  const { counts } = progress;
  const open = counts.queued + counts.running;
  const runAt = useBatch((s) => s.meta?.runAt ?? null);
  return (
    <div className="bs-actions">
      {runAt !== null && open > 0 && (
        <Button size="sm" onClick={() => void cancelAll()}>
          Cancel all
        </Button>
      )}
      {retryable > 0 && runAt !== null && (
        <Button size="sm" onClick={() => retryFailed()}>
          Retry {retryable === 1 ? 'the failed one' : `${retryable} failed`}
        </Button>
      )}
      {serverId && counts.done > 0 && (
        <a
          className={`btn btn-sm ${open > 0 ? 'btn-secondary' : 'btn-primary'}`}
          href={archiveUrl(serverId)}
          download
          data-testid="batch-download"
        >
          {open > 0 ? `Download done so far (${counts.done})` : `Download all (${counts.done}) as ZIP`}
        </a>
      )}
    </div>
  );
}

function Backoff({ until }: { until: string }) {
  // Shown while the server reports it; its next answer after the time drops it.
  const at = new Date(until);
  return (
    <p className="bs-lost" role="status">
      The provider asked Backdrop to slow down; the batch goes on by itself at{' '}
      {at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.
    </p>
  );
}

export function BatchSummary({ progress }: { progress: BatchProgress }) {
  const stopped = useBatch((s) => s.meta?.stopped ?? null);
  const retryable = useBatch((s) => Object.values(s.items).filter(canRetry).length);
  const backoffUntil = useWatchHealth((s) => s.backoffUntil);
  const draft = useBatch((s) => s.meta?.runAt == null);
  const lostContact = useWatchHealth((s) => s.lostContact);
  return (
    <div className="bs">
      {draft ? <Draft progress={progress} /> : <Bar progress={progress} />}
      <div className="bs-row">
        <Totals progress={progress} />
        <Actions progress={progress} />
      </div>
      {stopped && (
        <div className="bs-stopped" role="alert">
          <p>
            <strong>The batch stopped.</strong> {stopped.message} Done results are kept.
          </p>
          {retryable > 0 && (
            <Button size="sm" onClick={() => retryFailed({ cancelled: true })}>
              Run the {retryable} not done again
            </Button>
          )}
        </div>
      )}
      {backoffUntil && !stopped && <Backoff until={backoffUntil} />}
      {lostContact && !stopped && (
        <p className="bs-lost" role="status">
          Lost contact with the server; still trying. Work already sent keeps running there.
        </p>
      )}
    </div>
  );
}
