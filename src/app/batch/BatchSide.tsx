/**
 * The right column while a batch is open: the batch's Run box (executor, Run N photos, what blocks it,
 * a note when the panels no longer match the request the batch was sent with) and, for the item
 * opened in the grid, the usual inspector. The request pane between them is the app's own.
 */
import { print } from '../../recipe/index.ts';
import { useQuery } from '@tanstack/react-query';
import { Button } from '../common/Button.tsx';
import { getJob } from '../api/client.ts';
import { JobDetails } from '../results/JobDetails.tsx';
import { ExecutorPicker, useExecutorList } from '../run/ExecutorPicker.tsx';
import { ShowOptionLink } from '../run/ShowOptionLink.tsx';
import { executorName } from '../run/labels.ts';
import { readiness } from '../run/run-readiness.ts';
import { selectBlockingErrors } from '../run/RunControls.tsx';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';
import { selectActiveFinish, useFinish } from '../finishing/finish-store.ts';
import { rulesPresetId, usePresets } from '../state/preset-store.ts';
import { useSession } from '../state/session-store.ts';
import { isOpenStatus, useBatch } from './batch-store.ts';
import { plural } from './labels.ts';
import { runBatch } from './runner.ts';
import '../results/Inspector.css';

function useReady() {
  const dialect = useEditor((s) => s.dialect);
  const errors = useEditor(selectBlockingErrors);
  const executor = useSession((s) => s.executor);
  const executors = useExecutorList();
  const first = useBatch((s) => s.order.find((id) => s.items[id]?.status === 'queued') ?? null);
  return readiness({
    photo: first ? { id: first } : null,
    busy: false,
    issues: errors,
    dialect,
    executor,
    executors,
  });
}

/**
 * True when the panels' request, the Finishing panel or the picked preset is no longer what the batch
 * was sent with.
 */
function useRequestChanged(): boolean {
  const sent = useBatch((s) => s.meta?.requestText ?? null);
  const sentDialect = useBatch((s) => s.meta?.dialect);
  const sentFinish = useBatch((s) => s.meta?.finishText ?? null);
  const sentPreset = useBatch((s) => s.meta?.preset ?? null);
  const now = useEditor((s) => (sent === null ? null : print(selectActiveRequest(s), s.dialect)));
  const dialect = useEditor((s) => s.dialect);
  const finish = useFinish((s) => {
    const active = selectActiveFinish(s);
    return active ? JSON.stringify(active) : null;
  });
  const preset = usePresets((s) => rulesPresetId(s) ?? null);
  return (
    sent !== null &&
    (now !== sent || dialect !== sentDialect || finish !== sentFinish || preset !== sentPreset)
  );
}

function RunBox() {
  const meta = useBatch((s) => s.meta);
  const ready = useReady();
  const executor = useSession((s) => s.executor);
  const queued = useBatch((s) => s.order.filter((id) => s.items[id]?.status === 'queued').length);
  const open = useBatch((s) => Object.values(s.items).some((i) => isOpenStatus(i.status)));
  const changed = useRequestChanged();
  if (!meta) return null;
  const draft = meta.runAt === null;
  const name = executor === 'local' ? 'local engine' : executorName(executor);
  return (
    <section className="card run" aria-label="Run the batch">
      <ExecutorPicker locked={!draft} />
      {draft ? (
        <div className="run-go">
          <Button
            variant="primary"
            className="run-button"
            onClick={runBatch}
            disabled={!ready.ok}
            data-testid="batch-run"
            aria-describedby={ready.ok ? undefined : 'batch-run-blocked'}
          >
            Run {plural(queued, 'photo')} on {name}
          </Button>
          {ready.ok ? (
            <p className="run-note">Every photo is sent with the request below, exactly as shown.</p>
          ) : (
            <p id="batch-run-blocked" className="run-note" data-testid="batch-run-blocked">
              {ready.kind === 'no-photo'
                ? 'Add photos that can run: every one in the batch is refused or done.'
                : ready.reason}{' '}
              {ready.path && <ShowOptionLink path={ready.path} />}
            </p>
          )}
        </div>
      ) : (
        <p className="run-note" role="status">
          {open ? `Running on ${executorName(meta.executor)}.` : `Ran on ${executorName(meta.executor)}.`}{' '}
          Photos you add go up with the same request.
        </p>
      )}
      {changed && (
        <p className="run-note run-note-warn" data-testid="batch-request-changed">
          The request below, the finishing or the preset has changed since this batch was sent. The batch
          keeps what it started with; close it and start a new batch to use the new settings.
        </p>
      )}
    </section>
  );
}

function ItemInspector({ itemId }: { itemId: string }) {
  const item = useBatch((s) => s.items[itemId]);
  const jobId = item?.jobId ?? null;
  const open = item ? isOpenStatus(item.status) : false;
  const { data: job } = useQuery({
    queryKey: ['job', jobId],
    queryFn: ({ signal }) => getJob(jobId!, signal),
    enabled: jobId !== null,
    refetchInterval: open ? 1000 : false,
    staleTime: open ? 0 : Infinity,
  });
  return (
    <section className="card insp" aria-labelledby="batch-insp-title" data-testid="inspector">
      <h2 id="batch-insp-title" className="insp-title">
        {item?.name ?? 'Photo'}
      </h2>
      {job ? (
        <JobDetails job={job} />
      ) : (
        <p className="insp-empty">
          {item?.error ? item.error.message : 'Its details appear here once the server has run it.'}
        </p>
      )}
    </section>
  );
}

export function BatchRunBox() {
  return <RunBox />;
}

export function BatchInspector() {
  const openItemId = useBatch((s) => s.openItemId);
  return openItemId ? <ItemInspector itemId={openItemId} /> : null;
}
