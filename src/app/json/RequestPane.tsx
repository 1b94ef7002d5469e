/**
 * The right column's request view: tabs JSON / curl / fetch / Python, copy, edit, and the issues that
 * belong to no panel (unknown keys, whole-document problems).
 */
import { lazy, Suspense, useMemo } from 'react';
import { print, renameKey } from '../../recipe/index.ts';
import { useEditor } from '../state/editor-store.ts';
import { Button } from '../common/Button.tsx';
import { CopyIcon, EditIcon } from '../common/icons.tsx';
import { panelsFor } from '../panels/registry.ts';
import { placeIssues } from '../panels/issue-placement.ts';
import { useActiveIssues } from '../panels/useIssues.ts';
import { JsonPreview } from './JsonPreview.tsx';
import { copyText } from './clipboard.ts';
import { focusControl } from './focus-control.ts';
import { useJsonPane, type RequestTab } from './json-pane-store.ts';
import './RequestPane.css';

// Snippets are not needed for the first paint: load them when a snippet tab is opened.
const SnippetView = lazy(() => import('./SnippetView.tsx'));
const JsonEditor = lazy(() => import('./JsonEditor.tsx').then((m) => ({ default: m.JsonEditor })));

const TABS: { id: RequestTab; label: string }[] = [
  { id: 'json', label: 'JSON' },
  { id: 'curl', label: 'curl' },
  { id: 'fetch', label: 'fetch' },
  { id: 'python', label: 'Python' },
];

export function RequestPane() {
  const { dialect, request, issues } = useActiveIssues();
  const replaceRequest = useEditor((s) => s.replaceRequest);
  const tab = useJsonPane((s) => s.tab);
  const draft = useJsonPane((s) => s.draft);
  const setTab = useJsonPane((s) => s.setTab);
  const edit = useJsonPane((s) => s.edit);
  const closeEditor = useJsonPane((s) => s.closeEditor);
  const editing = draft !== null;
  const unplaced = useMemo(
    () => placeIssues(issues, panelsFor(dialect), request).unplaced,
    [issues, dialect, request],
  );

  return (
    <section className="request" aria-label="Request">
      <div className="request-bar">
        <div role="tablist" aria-label="Request format" className="request-tabs">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`request-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="request-tabpanel"
              tabIndex={tab === t.id ? 0 : -1}
              className="request-tab"
              onClick={() => {
                setTab(t.id);
              }}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                const i = TABS.findIndex((x) => x.id === tab);
                const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
                setTab(next.id);
                document.getElementById(`request-tab-${next.id}`)?.focus();
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
        {tab === 'json' && !editing ? (
          <div className="request-actions">
            <Button
              size="sm"
              variant="ghost"
              icon={<EditIcon />}
              onClick={() => edit(print(request, dialect))}
              data-testid="json-edit"
            >
              Edit
            </Button>
            <Button
              size="sm"
              variant="ghost"
              icon={<CopyIcon />}
              data-testid="json-copy"
              onClick={() => copyText(print(request, dialect), 'Request JSON copied')}
            >
              Copy
            </Button>
          </div>
        ) : null}
      </div>
      <div
        role="tabpanel"
        id="request-tabpanel"
        aria-labelledby={`request-tab-${tab}`}
        className="request-body"
      >
        {tab === 'json' ? (
          editing ? (
            <Suspense fallback={<div className="request-loading">Loading the editor…</div>}>
              <JsonEditor
                key={`${dialect}:${draft}`}
                dialect={dialect}
                initialText={draft}
                onCancel={closeEditor}
                onApply={(d, r) => {
                  replaceRequest(d, r);
                  closeEditor();
                }}
              />
            </Suspense>
          ) : (
            <JsonPreview dialect={dialect} request={request} issues={issues} />
          )
        ) : (
          <Suspense fallback={<div className="request-loading">Loading…</div>}>
            <SnippetView language={tab} dialect={dialect} request={request} />
          </Suspense>
        )}
      </div>
      {unplaced.length > 0 && !editing ? (
        <ul className="request-issues" data-testid="request-issues">
          {unplaced.map((issue, i) => (
            <li
              key={i}
              className={`request-issue-${issue.code === 'unknown-key' ? 'unknown' : issue.severity}`}
            >
              {issue.path ? (
                <button type="button" className="request-issue-path" onClick={() => focusControl(issue.path)}>
                  {issue.path}
                </button>
              ) : null}
              <span>{issue.message}</span>
              {issue.code === 'unknown-key' && issue.suggestion ? (
                <Button
                  size="sm"
                  onClick={() =>
                    useEditor.getState().editRequest((r) => renameKey(r, issue.path, issue.suggestion!))
                  }
                >
                  Rename to “{issue.suggestion}”
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
