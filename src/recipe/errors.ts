import type { Issue } from './types.ts';

/** Thrown by toPlan (and translate) when a request has errors; `issues` says which and where. */
export class RequestError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[], message?: string) {
    const errors = issues.filter((issue) => issue.severity === 'error');
    const first = errors[0] ?? issues[0];
    super(
      message ??
        (first
          ? `The request has ${errors.length} error${errors.length === 1 ? '' : 's'}; first at ${first.path || 'the top level'}: ${first.message}`
          : 'The request is invalid.'),
    );
    this.name = 'RequestError';
    this.issues = issues;
  }
}
