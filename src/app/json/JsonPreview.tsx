import { Fragment, useLayoutEffect, useMemo } from 'react';
import { print } from '../../recipe/index.ts';
import type { Dialect, Issue, JsonObject } from '../../recipe/index.ts';
import { highlightJson } from './highlight.ts';
import { focusControl } from './focus-control.ts';
import { measurePreviewCommit } from '../common/perf.ts';

interface JsonPreviewProps {
  dialect: Dialect;
  request: JsonObject;
  issues: Issue[];
}

/** The exact body that will be sent, highlighted; a click on a key focuses its control. */
export function JsonPreview({ dialect, request, issues }: JsonPreviewProps) {
  const lines = useMemo(() => {
    const marks = new Map<string, string>();
    for (const issue of issues) {
      if (issue.code === 'unknown-key') marks.set(issue.path, 'json-unknown');
      else marks.set(issue.path, issue.severity === 'error' ? 'json-error' : 'json-warning');
    }
    // Tags never span a line break (strings are escaped), so the HTML splits cleanly into lines.
    return highlightJson(print(request, dialect), { marks }).split('\n');
  }, [dialect, request, issues]);

  useLayoutEffect(measurePreviewCommit, [lines]);

  return (
    <pre
      className="json-preview"
      data-testid="json-preview"
      tabIndex={0}
      aria-label={`Request body (${dialect})`}
      onClick={(e) => {
        const target = (e.target as HTMLElement).closest<HTMLElement>('[data-jpath]');
        const path = target?.dataset.jpath;
        if (path) focusControl(path);
      }}
    >
      {/* One element per line: an edit re-parses only the lines that changed, not the whole body. */}
      {lines.map((line, i) => (
        <Fragment key={i}>
          <span className="json-line" dangerouslySetInnerHTML={{ __html: line }} />
          {i < lines.length - 1 ? '\n' : null}
        </Fragment>
      ))}
    </pre>
  );
}
