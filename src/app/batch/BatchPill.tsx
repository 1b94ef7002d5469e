/**
 * Above the single-photo stage while a batch exists: how it is doing and the way back to it.
 * Part of the first paint (tiny); the batch view itself loads on demand.
 */
import { Button } from '../common/Button.tsx';
import './entry.css';
import { useBatchShell } from './shell.ts';

export function BatchPill() {
  const summary = useBatchShell((s) => s.summary);
  const view = useBatchShell((s) => s.view);
  if (!summary || view === 'batch' || summary.total === 0) return null;
  const { total, done, failed, active } = summary;
  const state = active > 0 ? `running, ${done} of ${total} done` : `${done} of ${total} done`;
  return (
    <div className="batch-pill" role="status" data-testid="batch-pill">
      <span className="batch-pill-dot" data-active={active > 0 || undefined} aria-hidden="true" />
      <span>
        Batch of {total} {total === 1 ? 'photo' : 'photos'}: {state}
        {failed > 0 ? `, ${failed} failed` : ''}
      </span>
      <Button size="sm" onClick={() => useBatchShell.getState().setView('batch')}>
        Open batch
      </Button>
    </div>
  );
}
