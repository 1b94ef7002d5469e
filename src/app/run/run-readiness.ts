/**
 * Whether Run can go, and if not, the one sentence that says why and what to do. Pure, so the
 * button, the shortcut and the tests agree.
 */
import type { Dialect, ExecutorId, ExecutorInfo, Issue } from '../../recipe/index.ts';
import type { Photo } from '../state/session-store.ts';
import { typeRefusalFor } from '../input/check-photo.ts';
import { dialectLabel } from '../../recipe/index.ts';

export type Readiness =
  | { ok: true }
  | {
      ok: false;
      reason: string;
      kind: 'no-photo' | 'busy' | 'request' | 'executor' | 'dialect' | 'photo-type';
      /** The JSON path of the first error, so the UI can take the user to its control. */
      path?: string;
    };

export function readiness(args: {
  /** The photo to run (its MIME type, when known, must be one the executor takes); a batch passes its first item. */
  photo: (Pick<Photo, 'id'> & { type?: string }) | null;
  busy: boolean;
  issues: Issue[];
  dialect: Dialect;
  executor: ExecutorId;
  executors: ExecutorInfo[] | undefined;
}): Readiness {
  const { photo, busy, issues, dialect, executor, executors } = args;
  if (!photo)
    return {
      ok: false,
      kind: 'no-photo',
      reason: 'Add a photo first: drop, paste, pick one or try a sample.',
    };
  if (busy) return { ok: false, kind: 'busy', reason: 'A job is running. Wait for it or cancel it (Esc).' };
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    const where = first.path ? ` (${first.path})` : '';
    const more = errors.length > 1 ? ` and ${errors.length - 1} more` : '';
    return {
      ok: false,
      kind: 'request',
      reason: `Fix the request first${where}: ${first.message}${more}`,
      path: first.path || undefined,
    };
  }
  const info = executors?.find((e) => e.id === executor);
  if (info && !info.available) {
    return {
      ok: false,
      kind: 'executor',
      reason: info.reason ?? `${info.label} is not available on this server.`,
    };
  }
  if (info && !info.dialects.includes(dialect)) {
    const runs = info.dialects.map((d) => dialectLabel(d)).join(' or ');
    return {
      ok: false,
      kind: 'dialect',
      reason: `${info.label} runs ${runs} requests; this one is ${dialectLabel(dialect)}.`,
    };
  }
  // A URL photo has no type until it is fetched; the server checks it then.
  const typeRefusal =
    info && photo.type ? typeRefusalFor('This photo', photo.type, info, executors ?? []) : null;
  if (typeRefusal) return { ok: false, kind: 'photo-type', reason: typeRefusal };
  return { ok: true };
}
