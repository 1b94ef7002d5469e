/**
 * Follows the active job (also one restored after a reload) until it finishes, then brings its result
 * bytes home and files it in the session. Mounted once, at the app's root.
 */
import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { JobView } from '../../recipe/index.ts';
import { BffError, getBlob, jobUrls, toApiError } from '../api/client.ts';
import { useJobPolling } from '../api/hooks.ts';
import { useSession, type ActiveJob } from '../state/session-store.ts';
import { useObjectUrl } from '../results/use-object-url.ts';

async function collect(active: ActiveJob, job: JobView): Promise<void> {
  const urls = jobUrls(active.id);
  const blob = await getBlob(urls.result);
  const session = useSession.getState();
  const photo = session.photos[active.photoId];
  // A URL photo only has bytes once the server fetched them: take them for the "before" side.
  if (photo && !photo.blob) {
    const input = await getBlob(urls.input).catch(() => null);
    if (input) {
      session.updatePhoto(photo.id, {
        blob: input,
        type: input.type,
        bytes: input.size,
        width: job.input.width || photo.width,
        height: job.input.height || photo.height,
        displayable: true,
      });
    }
  }
  useSession.getState().finishJob({
    id: active.id,
    photoId: active.photoId,
    executor: active.executor,
    dialect: active.dialect,
    requestText: active.requestText,
    createdAt: active.startedAt,
    job,
    blob,
  });
}

export function useJobWatcher(): void {
  const active = useSession((s) => s.activeJob);
  const { data: job, error } = useJobPolling(active?.id ?? null);
  const collecting = useRef<string | null>(null);

  useEffect(() => {
    if (!active || !job || job.id !== active.id) return;
    if (job.status === 'done' && collecting.current !== job.id) {
      collecting.current = job.id;
      collect(active, job).catch((e) => useSession.getState().finishJob(null, toApiError(e)));
    } else if (job.status === 'failed') {
      useSession
        .getState()
        .finishJob(
          null,
          job.error ?? { code: 'failed', message: 'The job failed without a reason. Try again.' },
        );
    } else if (job.status === 'cancelled') {
      useSession.getState().finishJob(null, null);
    }
  }, [active, job]);

  useEffect(() => {
    if (!active || !error) return;
    // A job the server no longer knows (restarted, expired) cannot come back: say so and let go.
    if (error instanceof BffError && error.status === 404) {
      useSession.getState().finishJob(null, {
        ...error.error,
        message:
          'The job that was running is no longer on the server (it restarted or the job expired). Run again.',
      });
    }
  }, [active, error]);
}

/** The quick low-resolution preview of the running job, once the server has one. */
export function useJobPreview(job: JobView | undefined): string | null {
  const enabled = Boolean(job?.previewAvailable && job.status !== 'done');
  const { data } = useQuery({
    queryKey: ['preview', job?.id],
    queryFn: ({ signal }) => getBlob(jobUrls(job!.id).preview, signal),
    enabled,
    staleTime: Infinity,
  });
  return useObjectUrl(enabled ? data : undefined);
}
