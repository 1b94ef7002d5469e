import { useQuery } from '@tanstack/react-query';
import type { JobView, UploadLimits } from '../../recipe/api-types.ts';
import { getExecutors, getJob } from './client.ts';

/**
 * What the server accepts when it cannot be asked (server down): the BFF's documented defaults, and the
 * types its local engine decodes with sharp's prebuilt libvips (HEIC needs a provider).
 */
export const FALLBACK_LIMITS: UploadLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxMegapixels: 50,
  types: ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/tiff', 'image/gif'],
};

export const EXECUTORS_QUERY_KEY = ['executors'];

export function useExecutors() {
  return useQuery({
    queryKey: EXECUTORS_QUERY_KEY,
    queryFn: ({ signal }) => getExecutors(signal),
    staleTime: 60_000,
  });
}

export function useUploadLimits(): UploadLimits {
  return useExecutors().data?.limits ?? FALLBACK_LIMITS;
}

const isFinished = (job: Pick<JobView, 'status'>) =>
  job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';

/** How often to ask: quick while a job moves, calmer while it waits in a queue. */
function pollInterval(job: JobView | undefined): number | false {
  if (!job) return 400;
  if (isFinished(job)) return false;
  return job.status === 'queued' ? 1000 : 400;
}

/** Polls one job until it finishes. */
export function useJobPolling(id: string | null) {
  return useQuery({
    queryKey: ['job', id],
    queryFn: ({ signal }) => getJob(id!, signal),
    enabled: id !== null,
    refetchInterval: (query) => pollInterval(query.state.data),
    retry: 3,
    staleTime: 0,
  });
}
