/**
 * The page layout: header · options (panels) · stage (photo, compare, results) · side column (run,
 * request, inspector). Two hosts take whole views: `.app-centre` (the stage area) and `.app-right` (the
 * side column); styles/app.css reflows them from three columns (desktop) to two (tablet) to one (phone).
 */
import './styles/app.css';
import { lazy, Suspense } from 'react';
import { Stage } from './results/Stage.tsx';
import { ResultsStripSlot } from './results/ResultsStripSlot.tsx';
import { Inspector } from './results/Inspector.tsx';
import { RunControls } from './run/RunControls.tsx';
import { AppHeader } from './panels/AppHeader.tsx';
import { PanelList } from './panels/PanelList.tsx';

import { RequestPane } from './json/RequestPane.tsx';
import { Toasts } from './common/Toasts.tsx';
import { useEditorShortcuts } from './shortcuts/useEditorShortcuts.ts';
import { useShareLinkOnLoad } from './json/share.ts';
import { BatchPill } from './batch/BatchPill.tsx';
import { useBatchShell } from './batch/shell.ts';

// The batch view loads when a batch is first opened (or restored), not with the first paint.
const BatchView = lazy(() => import('./batch/BatchView.tsx'));
const BatchRunBox = lazy(() => import('./batch/BatchSide.tsx').then((m) => ({ default: m.BatchRunBox })));
const BatchInspector = lazy(() =>
  import('./batch/BatchSide.tsx').then((m) => ({ default: m.BatchInspector })),
);

// Backdrop's own finishing stage: its schemas and docs are not needed for the first paint.
const FinishingPanel = lazy(() => import('./finishing/FinishingPanel.tsx'));

export function App() {
  useEditorShortcuts();
  useShareLinkOnLoad();
  const batch = useBatchShell((s) => s.view === 'batch');
  return (
    <div className="app">
      <AppHeader />
      <aside className="app-left" aria-label="Options">
        <PanelList />
        <Suspense fallback={null}>
          <FinishingPanel />
        </Suspense>
      </aside>
      <main className="app-centre">
        {batch ? (
          <Suspense fallback={<div className="stage-loading" aria-busy="true" />}>
            <BatchView />
          </Suspense>
        ) : (
          <>
            <BatchPill />
            <Stage />
            <ResultsStripSlot />
          </>
        )}
      </main>
      <aside className="app-right" aria-label="Run and request">
        {batch ? (
          <Suspense fallback={null}>
            <BatchRunBox />
          </Suspense>
        ) : (
          <RunControls />
        )}
        <RequestPane />
        {batch ? (
          <Suspense fallback={null}>
            <BatchInspector />
          </Suspense>
        ) : (
          <Inspector />
        )}
      </aside>
      <Toasts />
    </div>
  );
}
