import { useLayoutEffect, useMemo, useRef } from 'react';
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
  const ref = useRef<HTMLPreElement>(null);
  const html = useMemo(() => {
    const marks = new Map<string, string>();
    for (const issue of issues) {
      if (issue.code === 'unknown-key') marks.set(issue.path, 'json-unknown');
      else marks.set(issue.path, issue.severity === 'error' ? 'json-error' : 'json-warning');
    }
    return highlightJson(print(request, dialect), { marks });
  }, [dialect, request, issues]);

  useLayoutEffect(measurePreviewCommit, [html]);

  return (
    <pre
      ref={ref}
      className="json-preview"
      data-testid="json-preview"
      tabIndex={0}
      aria-label={`Request body (${dialect})`}
      onClick={(e) => {
        const target = (e.target as HTMLElement).closest<HTMLElement>('[data-jpath]');
        const path = target?.dataset.jpath;
        if (path) focusControl(path);
      }}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
