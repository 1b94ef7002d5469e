import { useJobPolling } from '../api/hooks.ts';
import { stageText } from '../run/JobProgress.tsx';
import { useSession } from '../state/session-store.ts';

/**
 * A quiet pill over the stage while this photo's job runs, so the eye does not have to leave the
 * image to know something is happening (the full progress and Cancel sit in the Run box).
 */
export function RunningBadge() {
  const active = useSession((s) => s.activeJob);
  const currentPhotoId = useSession((s) => s.currentPhotoId);
  const cancelledAt = useSession((s) => s.cancelledAt);
  const { data: job } = useJobPolling(active?.id ?? null);
  if (!active && cancelledAt !== null) {
    // Where the progress was, so the eye that followed it sees the run end (it fades after a moment).
    return (
      <div key={cancelledAt} className="stage-running stage-cancelled" aria-hidden="true">
        Cancelled
      </div>
    );
  }
  if (!active || active.photoId !== currentPhotoId) return null;
  const pct = job && job.status === 'running' ? ` · ${Math.round(job.progress * 100)}%` : '';
  return (
    <div className="stage-running" aria-hidden="true">
      <span className="stage-running-dot" />
      {stageText(job)}
      {pct}
    </div>
  );
}
