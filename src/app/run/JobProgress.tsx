import type { JobView } from '../../recipe/index.ts';
import { Button } from '../common/Button.tsx';

/** Words for the stages the BFF and the engine report; unknown stages are shown as they come. */
const STAGE_LABEL: Record<string, string> = {
  queued: 'Waiting in the queue',
  uploading: 'Uploading to the provider',
  polling: 'Waiting for the provider',
  downloading: 'Fetching the result',
  fetching: 'Fetching the image',
  previewing: 'Making a quick preview',
  decoding: 'Reading the photo',
  segmenting: 'Finding the subject',
  refining: 'Refining the edges',
  blurring: 'Blurring the background',
  compositing: 'Compositing',
  framing: 'Framing',
  encoding: 'Encoding the result',
  done: 'Saving the result',
};

export function stageText(job: JobView | undefined): string {
  if (!job) return 'Starting…';
  if (job.status === 'queued') {
    return job.queuePosition
      ? `Waiting in the queue (position ${job.queuePosition})`
      : 'Waiting in the queue';
  }
  return stageLabel(job.stage);
}

/** Words for a running job's stage, e.g. `segmenting` → "Finding the subject". */
export function stageLabel(stage = 'working'): string {
  return STAGE_LABEL[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1).replace(/-/g, ' ');
}

export function JobProgress(props: {
  job: JobView | undefined;
  executorLabel: string;
  /** The last poll failed; polling goes on, so say so instead of freezing silently. */
  lostContact?: boolean;
  onCancel(): void;
}) {
  const { job, executorLabel, lostContact, onCancel } = props;
  const pct = Math.round((job?.progress ?? 0) * 100);
  const indeterminate = !job || job.status === 'queued';
  return (
    <div className="run-progress" data-testid="run-progress">
      <div className="run-progress-head">
        <span className="run-progress-stage" role="status" aria-live="polite">
          {stageText(job)}
        </span>
        <span className="run-progress-pct">{indeterminate ? executorLabel : `${pct}%`}</span>
      </div>
      <div
        className={`run-progress-bar${indeterminate ? ' run-progress-bar-wait' : ''}`}
        role="progressbar"
        aria-label={`Progress on ${executorLabel}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={indeterminate ? undefined : pct}
      >
        <span style={{ width: indeterminate ? undefined : `${Math.max(pct, 2)}%` }} />
      </div>
      {lostContact && (
        <p className="run-progress-lost" role="status">
          Lost contact with the server; still trying. The job keeps running there.
        </p>
      )}
      <Button variant="secondary" size="sm" onClick={onCancel} aria-keyshortcuts="Escape">
        Cancel <kbd className="run-kbd">Esc</kbd>
      </Button>
    </div>
  );
}
