import type { Issue } from '../recipe/index.ts';

/** `error PATH: message (line L, column C)`: one issue per line, greppable by severity and path. */
export function formatIssue(issue: Issue): string {
  const where = issue.line !== undefined ? ` (line ${issue.line}, column ${issue.column ?? 1})` : '';
  return `${issue.severity} ${issue.path || '(request)'}: ${issue.message}${where}`;
}
