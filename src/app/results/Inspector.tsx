/**
 * The right column's result details card: empty until a run, then the running or selected job's details
 * (JobDetails.tsx). The details and their marketplace checklist load apart from the first paint (prefetched
 * on idle); until they are in, the card keeps its place and says it is loading.
 */
import { Suspense } from 'react';
import { useJobPolling } from '../api/hooks.ts';
import { lazyView } from '../common/lazy-view.ts';
import { selectSelectedResult, useSession } from '../state/session-store.ts';
import './Inspector.css';

const JobDetails = lazyView(() => import('./JobDetails.tsx').then((m) => ({ default: m.JobDetails })));

export function Inspector() {
  const selected = useSession(selectSelectedResult);
  const active = useSession((s) => s.activeJob);
  const { data: live } = useJobPolling(active?.id ?? null);
  const job = live ?? selected?.job;
  return (
    <section className="card insp" aria-labelledby="insp-title" data-testid="inspector">
      <h2 id="insp-title" className="insp-title">
        {live ? 'Running job' : 'Result details'}
      </h2>
      {job ? (
        <Suspense
          fallback={
            <p className="insp-empty" aria-busy="true">
              Loading the details…
            </p>
          }
        >
          <JobDetails job={job} />
        </Suspense>
      ) : (
        <p className="insp-empty">
          Run a request to see who ran it, how long each stage took and what came out.
        </p>
      )}
    </section>
  );
}
