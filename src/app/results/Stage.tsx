/**
 * The centre of the app. The empty state (every way in) is part of the first paint; the photo,
 * compare and A/B views load as a separate chunk, since nobody needs them before there is a photo.
 */
import { lazy, Suspense } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectComparePair, selectCurrentPhoto, useSession } from '../state/session-store.ts';
import { EmptyState } from './EmptyState.tsx';
import './Stage.css';

const StageViews = lazy(() => import('./StageViews.tsx'));

export function Stage() {
  const hydrated = useSession((s) => s.hydrated);
  const hasPhoto = useSession((s) => selectCurrentPhoto(s) !== null);
  const comparing = useSession(useShallow(selectComparePair)).length === 2;
  let body;
  if (!hydrated) body = <div className="stage-loading" aria-busy="true" />;
  else if (!hasPhoto && !comparing) body = <EmptyState />;
  else {
    body = (
      <Suspense fallback={<div className="stage-loading" aria-busy="true" />}>
        <StageViews />
      </Suspense>
    );
  }
  return (
    <section className="stage" aria-label="Photo and result">
      {body}
    </section>
  );
}
