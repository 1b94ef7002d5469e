/**
 * What happened in a job: who ran it, how long each stage took, the provider's request id (what
 * support asks for), rate-limit and credit info, what came out, and the warnings with their paths.
 * The body of the editor's Inspector (Inspector.tsx, which loads it lazily) and of the batch inspector.
 */
import type { JobView } from '../../recipe/index.ts';
import { formatSubjectBox } from '../../recipe/index.ts';
import { formatBytes } from '../input/check-photo.ts';
import { typeLabel } from '../input/image-header.ts';
import { focusControl } from '../json/focus-control.ts';
import { executorName } from '../run/labels.ts';
import { CopyIcon } from '../common/icons.tsx';
import { showToast } from '../common/toast.ts';
import { Checklist } from './Checklist.tsx';
import './Inspector.css';
import { lazy, Suspense } from 'react';

// The recipe's finish wording loads with it, apart from the first paint.
const Finishing = lazy(() => import('../finishing/InspectorFinishing.tsx'));

async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    showToast('Request id copied', 'success');
  } catch {
    showToast('The browser did not allow copying; select the id and copy it by hand.', 'warning');
  }
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function Timings({ timings }: { timings: Record<string, number> }) {
  const entries = Object.entries(timings).filter(([, ms]) => Number.isFinite(ms));
  if (entries.length === 0) return null;
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  const max = Math.max(...entries.map(([, ms]) => ms), 1);
  return (
    <div className="insp-block">
      <h3 className="insp-subtitle">
        Time per stage <span>{formatMs(total)} in all</span>
      </h3>
      <ul className="insp-timings">
        {entries.map(([stage, ms]) => (
          <li key={stage}>
            <span className="insp-stage">{stage}</span>
            <span className="insp-bar" aria-hidden="true">
              <span style={{ width: `${(ms / max) * 100}%` }} />
            </span>
            <span className="insp-ms">{formatMs(ms)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const MASK_SOURCE: Record<NonNullable<JobView['mask']>['source'], string> = {
  model: 'computed by the local engine',
  box: 'segmented inside the subject box',
  supplied: 'touched up in Backdrop, sent with the run',
  edited: 'touched up in Backdrop after the run',
};

/**
 * Where the mask came from. The subject box and a touched-up mask are Backdrop's own, not the provider's:
 * on a provider's result the inspector says Backdrop made that edit, so nobody credits the provider.
 */
function MaskFact({ job }: { job: JobView }) {
  if (!job.mask && !job.subjectBox) return null;
  const provider = job.executor !== 'local';
  const source = job.mask ? MASK_SOURCE[job.mask.source] : '';
  return (
    <>
      <dt>Mask</dt>
      <dd data-testid="inspector-mask">
        {source}
        {job.subjectBox && (
          <span className="insp-muted">
            {' '}
            · box {formatSubjectBox(job.subjectBox)} (a Backdrop extension, not part of the {job.dialect}{' '}
            request)
          </span>
        )}
        {provider && job.mask && (
          <span className="insp-muted">
            {' '}
            · {executorName(job.executor)}’s image with Backdrop’s alpha; {executorName(job.executor)} did not
            make this edit
          </span>
        )}
      </dd>
    </>
  );
}

function Facts({ job }: { job: JobView }) {
  const out = job.output;
  const rate = job.rateLimit;
  const credits = job.credits;
  return (
    <dl className="insp-facts">
      <dt>Executor</dt>
      <dd data-testid="inspector-executor">
        {executorName(job.executor)} <span className="insp-muted">· {job.dialect} request</span>
      </dd>
      {job.model && (
        <>
          <dt>Model</dt>
          <dd data-testid="inspector-model" title={job.model.reason}>
            {job.model.id} · {job.model.precision} <span className="insp-muted">· {job.model.reason}</span>
          </dd>
        </>
      )}
      {out && (
        <>
          <dt>Output</dt>
          <dd data-testid="inspector-output">
            {typeLabel(out.type)} · {out.width} × {out.height} · {formatBytes(out.bytes)}
          </dd>
        </>
      )}
      <dt>Input</dt>
      <dd data-testid="inspector-input">
        {job.input.width} × {job.input.height} · {formatBytes(job.input.bytes)}
        {job.input.frames && job.input.frames > 1 && (
          <span className="insp-muted">
            {' '}
            · animated {typeLabel(job.input.type)}, {job.input.frames} frames (see warnings)
          </span>
        )}
      </dd>
      <MaskFact job={job} />
      {job.providerRequestId && (
        <>
          <dt>Request id</dt>
          <dd>
            <code className="insp-code" data-testid="inspector-request-id">
              {job.providerRequestId}
            </code>{' '}
            <button
              type="button"
              className="insp-copy"
              aria-label="Copy the provider’s request id"
              title="Copy (support asks for it)"
              onClick={() => void copyText(job.providerRequestId!)}
            >
              <CopyIcon />
            </button>
          </dd>
        </>
      )}
      {rate && (rate.remaining !== undefined || rate.limit !== undefined) && (
        <>
          <dt>Rate limit</dt>
          <dd>
            {rate.remaining ?? '?'} of {rate.limit ?? '?'} left
            {rate.resetSeconds !== undefined ? ` · resets in ${rate.resetSeconds} s` : ''}
          </dd>
        </>
      )}
      {credits && (credits.remaining !== undefined || credits.note) && (
        <>
          <dt>Credits</dt>
          <dd>
            {[credits.remaining !== undefined ? `${credits.remaining} left` : '', credits.note ?? '']
              .filter(Boolean)
              .join(' · ')}
          </dd>
        </>
      )}
    </dl>
  );
}

function Warnings({ job }: { job: JobView }) {
  if (job.warnings.length === 0) return null;
  return (
    <div className="insp-block">
      <h3 className="insp-subtitle">
        Warnings <span>{job.warnings.length}</span>
      </h3>
      <ul className="insp-warnings" data-testid="inspector-warnings">
        {job.warnings.map((w, i) => (
          <li key={i}>
            {w.path && (
              <button
                type="button"
                className="link-button insp-path"
                onClick={() => focusControl(w.path!)}
                title="Show this option"
              >
                {w.path}
              </button>
            )}
            <span>{w.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Who ran a job, its facts, time per stage and warnings (also the batch inspector's body). */
export function JobDetails({ job }: { job: JobView }) {
  return (
    <>
      <Facts job={job} />
      <Checklist job={job} />
      {job.finish ? (
        <Suspense fallback={null}>
          <Finishing job={job} />
        </Suspense>
      ) : null}
      <Timings timings={job.timings} />
      <Warnings job={job} />
    </>
  );
}
