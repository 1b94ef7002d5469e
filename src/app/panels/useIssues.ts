import { useMemo } from 'react';
import { validate } from '../../recipe/index.ts';
import type { Dialect, Issue, JsonObject } from '../../recipe/index.ts';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';

/** Validation of one request, computed once per request object (requests are immutable). */
const cache = new WeakMap<JsonObject, Issue[]>();

export function issuesOf(dialect: Dialect, request: JsonObject): Issue[] {
  let issues = cache.get(request);
  if (!issues) {
    issues = validate(dialect, request);
    cache.set(request, issues);
  }
  return issues;
}

export function useActiveIssues(): { dialect: Dialect; request: JsonObject; issues: Issue[] } {
  const dialect = useEditor((s) => s.dialect);
  const request = useEditor(selectActiveRequest);
  const issues = useMemo(() => issuesOf(dialect, request), [dialect, request]);
  return { dialect, request, issues };
}
