/**
 * Live finishing: when the finishing settings change while a finished result is on screen, the server
 * re-renders that result (PUT /api/jobs/:id/finish — the local engine from its cached mask, a provider's
 * result from its kept bytes: no model pass, no provider call) and the new bytes replace it in place.
 * One request at a time; settings that change meanwhile are sent when it returns (the last one wins).
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Finish, JobView } from '../../recipe/index.ts';
import { BffError, getBlob, getJob, jobUrls, putFinish } from '../api/client.ts';
import { selectSelectedResult, useSession, type ResultEntry } from '../state/session-store.ts';
import { selectActiveFinish, useFinish } from './finish-store.ts';

export type RefinishStatus =
  | { kind: 'idle' }
  | { kind: 'updating' }
  | { kind: 'error'; message: string }
  /** The result on screen cannot be re-rendered (gone from the server): the next run applies it. */
  | { kind: 'next-run'; message: string };

export const useRefinishStatus = create<{ status: RefinishStatus }>()(() => ({ status: { kind: 'idle' } }));
const setStatus = (status: RefinishStatus) => useRefinishStatus.setState({ status });

/** Wait after the last change before asking the server (a slider drag sends one request, not forty). */
const REFINISH_DELAY_MS = 250;

/** JSON with sorted keys; `{}` and no finishing are the same thing. */
export function finishKey(finish: Finish | null | undefined): string {
  const sort = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, sort(v)]),
        )
      : value;
  const sorted = sort(finish ?? {}) as Record<string, unknown>;
  return Object.keys(sorted).length === 0 ? 'none' : JSON.stringify(sorted);
}

let inFlight = false;

async function waitUntilDone(view: JobView): Promise<JobView> {
  let current = view;
  for (let i = 0; i < 150 && (current.status === 'queued' || current.status === 'running'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    current = await getJob(view.id);
  }
  return current;
}

async function refinish(result: ResultEntry, finish: Finish | null): Promise<void> {
  inFlight = true;
  setStatus({ kind: 'updating' });
  try {
    const view = await waitUntilDone(await putFinish(result.id, finish ?? {}));
    const blob = await getBlob(jobUrls(result.id).result);
    useSession.getState().updateResult(result.id, { job: view, blob });
    setStatus({ kind: 'idle' });
  } catch (error) {
    const gone = error instanceof BffError && (error.status === 404 || error.status === 409);
    const message = error instanceof Error ? error.message : String(error);
    setStatus(
      gone
        ? {
            kind: 'next-run',
            message: 'This result is no longer on the server; the next run applies the finishing.',
          }
        : { kind: 'error', message },
    );
    // Remember the failure against these settings, so the same change is not retried in a loop.
    failedKey = `${result.id}|${finishKey(finish)}`;
  } finally {
    inFlight = false;
  }
}

let failedKey: string | null = null;

/** Sends the current settings for the selected result when they differ from what made it. */
function sync(): void {
  if (inFlight) return;
  const session = useSession.getState();
  const result = selectSelectedResult(session);
  if (!result || session.activeJob || result.job.status !== 'done') return;
  const finish = selectActiveFinish(useFinish.getState());
  const wanted = finishKey(finish);
  if (wanted === finishKey(result.job.finish)) {
    if (useRefinishStatus.getState().status.kind !== 'idle') setStatus({ kind: 'idle' });
    return;
  }
  if (failedKey === `${result.id}|${wanted}`) return;
  void refinish(result, finish).then(sync);
}

/** Mounted once (by the Finishing panel): watches the settings and the selected result. */
export function useRefinish(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(sync, REFINISH_DELAY_MS);
    };
    const offFinish = useFinish.subscribe(later);
    // Selecting another result does not re-render it: it shows the finishing it was made with.
    let selected = useSession.getState().selectedResultId;
    let running = useSession.getState().activeJob !== null;
    const offSession = useSession.subscribe((s) => {
      // Settings changed while a job ran apply to its result once it is in.
      if (running && s.activeJob === null) later();
      running = s.activeJob !== null;
      if (s.selectedResultId !== selected) {
        selected = s.selectedResultId;
        clearTimeout(timer);
        failedKey = null;
        setStatus({ kind: 'idle' });
      }
    });
    return () => {
      clearTimeout(timer);
      offFinish();
      offSession();
    };
  }, []);
}
