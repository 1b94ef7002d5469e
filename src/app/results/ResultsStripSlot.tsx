/**
 * Where the results strip sits under the stage. Nothing before the first run; the strip itself
 * (ResultsStrip.tsx: thumbnails, renaming, compare picks, labels) loads apart from the first paint and is
 * prefetched on idle. Until it is in, tiles of the same size keep the stage from jumping.
 */
import { Suspense } from 'react';
import { lazyView } from '../common/lazy-view.ts';
import { useSession } from '../state/session-store.ts';
import './ResultsStrip.css';

const ResultsStrip = lazyView(() => import('./ResultsStrip.tsx').then((m) => ({ default: m.ResultsStrip })));

function StripSkeleton({ tiles }: { tiles: number }) {
  return (
    <section className="strip" aria-label="Results" aria-busy="true">
      <header className="strip-head">
        <h2 className="strip-title">Results</h2>
      </header>
      <ol className="strip-list">
        {Array.from({ length: tiles }, (_, i) => (
          <li key={i} className="strip-item" aria-hidden="true">
            <div className="strip-thumb" />
            <div className="strip-meta">
              <span className="strip-exec">&nbsp;</span>
            </div>
            <div className="strip-name" />
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ResultsStripSlot() {
  const tiles = useSession((s) => s.results.length + (s.activeJob !== null ? 1 : 0));
  if (tiles === 0) return null;
  return (
    <Suspense fallback={<StripSkeleton tiles={tiles} />}>
      <ResultsStrip />
    </Suspense>
  );
}
