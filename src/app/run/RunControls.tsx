/**
 * Executor picker, Run (Ctrl/Cmd+Enter), progress with stage and queue position, Cancel (Esc), and
 * the server's errors with what to do. Sits at the top of the right column.
 */
import { Suspense } from 'react';
import type { Issue } from '../../recipe/index.ts';
import { issuesOf } from '../panels/useIssues.ts';
import { emptyFieldIssues } from '../panels/empty-fields.ts';
import { Button } from '../common/Button.tsx';
import { useJobPolling } from '../api/hooks.ts';
import { selectActiveRequest, useEditor, type EditorState } from '../state/editor-store.ts';
import { selectCurrentPhoto, useSession } from '../state/session-store.ts';
import { cancelRun, startRun } from './run-job.ts';
import { readiness } from './run-readiness.ts';
import { executorName } from './labels.ts';
import { dialectLabel } from '../../recipe/index.ts';
import { ExecutorPicker, useExecutorList } from './ExecutorPicker.tsx';
import { isMac } from '../shortcuts/shortcuts.ts';
import { RunError } from './RunError.tsx';
import { ShowOptionLink } from './ShowOptionLink.tsx';
import { JobProgress } from './JobProgress.tsx';
import { lazyView } from '../common/lazy-view.ts';
import { useRunShortcuts } from './use-run-shortcuts.ts';
import './RunControls.css';

// Plan conversion and framing geometry load apart from the first paint (no photo, no note).
const EnlargeNote = lazyView(() => import('./EnlargeNote.tsx'));

/**
 * The active request's blocking errors, the same array as long as they read the same. Run only needs the
 * errors, so this keeps RunControls (and its query hooks) out of the re-render of every edit; the
 * validation itself is shared with the panels through issuesOf's cache.
 */
let lastErrors: Issue[] = [];
const sameIssue = (a: Issue, b: Issue) => a.code === b.code && a.path === b.path && a.message === b.message;
export function selectBlockingErrors(s: EditorState): Issue[] {
  const request = selectActiveRequest(s);
  const ruled = issuesOf(s.dialect, request).filter((i) => i.severity === 'error');
  // A field left empty blocks too, unless a rule already says what is wrong with it.
  const empty = emptyFieldIssues(s.dialect, request).filter((e) => !ruled.some((i) => i.path === e.path));
  const errors = [...ruled, ...empty];
  const same = errors.length === lastErrors.length && errors.every((e, i) => sameIssue(e, lastErrors[i]!));
  if (!same) lastErrors = errors;
  return lastErrors;
}

const RUN_SHORTCUT_LABEL = isMac ? '⌘↵' : 'Ctrl+↵';

export function RunControls() {
  const dialect = useEditor((s) => s.dialect);
  const errors = useEditor(selectBlockingErrors);
  const setDialect = useEditor((s) => s.setDialect);
  const photo = useSession(selectCurrentPhoto);
  const executor = useSession((s) => s.executor);
  const setExecutor = useSession((s) => s.setExecutor);
  const active = useSession((s) => s.activeJob);
  const runError = useSession((s) => s.runError);
  const cancelled = useSession((s) => s.cancelledAt !== null);
  const executors = useExecutorList();
  const { data: job, isError: lostContact } = useJobPolling(active?.id ?? null);
  const ready = readiness({ photo, busy: active !== null, issues: errors, dialect, executor, executors });

  const run = () => {
    // Read at the moment of the run: the component does not re-render on every edit (see above).
    const request = selectActiveRequest(useEditor.getState());
    if (ready.ok && photo) void startRun({ photo, dialect, request, executor });
  };
  useRunShortcuts(run, active !== null);

  const selected = executors.find((e) => e.id === executor);
  return (
    <section className="card run" aria-label="Run">
      <ExecutorPicker locked={active !== null} />

      {!ready.ok && ready.kind === 'dialect' && selected && (
        <div id="run-blocked" className="run-note run-note-warn" role="status">
          <p>{ready.reason}</p>
          <div className="run-note-actions">
            {selected.dialects.map((d) => (
              <Button key={d} size="sm" onClick={() => setDialect(d)}>
                Switch to the {dialectLabel(d)} request
              </Button>
            ))}
            <Button size="sm" variant="ghost" onClick={() => setExecutor('local')}>
              Run locally instead
            </Button>
          </div>
        </div>
      )}

      {active ? (
        <JobProgress
          job={job}
          lostContact={lostContact}
          executorLabel={executorName(active.executor)}
          onCancel={() => void cancelRun()}
        />
      ) : (
        <div className="run-go">
          <Button
            variant="primary"
            className="run-button"
            onClick={run}
            disabled={!ready.ok}
            aria-describedby={ready.ok ? undefined : 'run-blocked'}
            aria-keyshortcuts="Control+Enter Meta+Enter"
          >
            Run on {executor === 'local' ? 'local engine' : executorName(executor)}
            <kbd className="run-kbd">{RUN_SHORTCUT_LABEL}</kbd>
          </Button>
          {!ready.ok && ready.kind !== 'dialect' && (
            <p id="run-blocked" className={`run-note run-blocked-${ready.kind}`} data-testid="run-blocked">
              {ready.reason}
              {ready.path && (
                <>
                  {' '}
                  <ShowOptionLink path={ready.path} />
                </>
              )}
            </p>
          )}
        </div>
      )}

      {!active && ready.ok && (
        // Its plan conversion and framing geometry are not needed before a photo is in; no note meanwhile.
        <Suspense fallback={null}>
          <EnlargeNote />
        </Suspense>
      )}
      {runError && <RunError error={runError} />}
      {cancelled && !active && (
        <p className="run-note" role="status" data-testid="run-cancelled">
          <strong>Cancelled.</strong> The photo and your settings are as they were; run again when you are
          ready.
        </p>
      )}
    </section>
  );
}
