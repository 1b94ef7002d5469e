/** A result's label (result-label.ts), recomputed when the results of the session change. */
import { useSession, type ResultEntry } from '../state/session-store.ts';
import { resultLabel } from './result-label.ts';

export function useResultLabel(result: ResultEntry): string {
  return useSession((s) => resultLabel(result, s.results));
}
