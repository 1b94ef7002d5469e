/**
 * The BFF client: the only place that knows the API's URLs. Every failure becomes a BffError carrying
 * the server's ApiError (message says what to do; path, executor and requestId when known), so the UI
 * can show it as-is without guessing.
 */
import type { ApiError, ExecutorsResponse, JobCreated, JobView } from '../../recipe/api-types.ts';
import type { ComplianceReport } from '../../recipe/presets/types.ts';

export class BffError extends Error {
  constructor(
    readonly error: ApiError,
    readonly status: number,
  ) {
    super(error.message);
    this.name = 'BffError';
  }
}

export const jobUrls = (id: string) => ({
  result: `/api/jobs/${encodeURIComponent(id)}/result`,
  preview: `/api/jobs/${encodeURIComponent(id)}/preview`,
  input: `/api/jobs/${encodeURIComponent(id)}/input`,
  mask: `/api/jobs/${encodeURIComponent(id)}/mask`,
});

/** Turns any non-2xx answer (JSON or not) into a BffError with a sentence a designer can act on. */
async function failure(res: Response): Promise<BffError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // non-JSON error body (proxy page, crash): fall through to a generic message
  }
  const error = (body as { error?: ApiError } | null)?.error;
  if (error && typeof error.message === 'string') return new BffError(error, res.status);
  return new BffError(
    {
      code: `http-${res.status}`,
      message:
        `The Backdrop server answered ${res.status} ${res.statusText || ''}`.trim() +
        '. Try again; if it repeats, check the server log.',
    },
    res.status,
  );
}

/** fetch on the BFF's origin; any failure (network, non-2xx) comes back as a BffError. */
export async function call(input: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(input, { credentials: 'same-origin', ...init });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new BffError(
      {
        code: 'network',
        message:
          'Cannot reach the Backdrop server. Is it running (`npm start`)? Your settings are kept; try again.',
      },
      0,
    );
  }
  if (!res.ok) throw await failure(res);
  return res;
}

export async function getExecutors(signal?: AbortSignal): Promise<ExecutorsResponse> {
  return (await call('/api/executors', { signal })).json() as Promise<ExecutorsResponse>;
}

export async function getJob(id: string, signal?: AbortSignal): Promise<JobView> {
  return (await call(`/api/jobs/${encodeURIComponent(id)}`, { signal })).json() as Promise<JobView>;
}

export async function createJob(form: FormData, signal?: AbortSignal): Promise<JobCreated> {
  return (await call('/api/jobs', { method: 'POST', body: form, signal })).json() as Promise<JobCreated>;
}

/** PUT /api/jobs/:id/finish: the job view once the re-render is done (200) or still running (202). */
export async function putFinish(id: string, finish: unknown, signal?: AbortSignal): Promise<JobView> {
  const res = await call(`/api/jobs/${encodeURIComponent(id)}/finish`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(finish),
    signal,
  });
  return res.json() as Promise<JobView>;
}

/** The result's checklist against a marketplace preset (GET /api/jobs/:id/compliance). */
export async function getCompliance(
  id: string,
  preset: string,
  signal?: AbortSignal,
): Promise<ComplianceReport> {
  const url = `/api/jobs/${encodeURIComponent(id)}/compliance?preset=${encodeURIComponent(preset)}`;
  return (await call(url, { signal })).json() as Promise<ComplianceReport>;
}

export async function cancelJob(id: string): Promise<void> {
  await call(`/api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** GET /api/jobs/:id?wait=ms: answers at the job's next visible change (or after waitMs). */
export async function waitForJobChange(id: string, waitMs: number, signal?: AbortSignal): Promise<JobView> {
  const url = `/api/jobs/${encodeURIComponent(id)}?wait=${Math.round(waitMs)}`;
  return (await call(url, { signal })).json() as Promise<JobView>;
}

/** PUT /api/jobs/:id/mask: replaces the job's mask and re-renders its result; answers with the job. */
export async function putMask(id: string, png: Blob, signal?: AbortSignal): Promise<JobView> {
  const init = { method: 'PUT', body: png, headers: { 'content-type': 'image/png' }, signal };
  return (await call(jobUrls(id).mask, init)).json() as Promise<JobView>;
}

export async function getBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  return (await call(url, { signal })).blob();
}

/** Errors that are not BffErrors (bugs, aborted fetches) still get a readable ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof BffError) return error.error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'client', message: `${message}. Your settings are kept; try again.` };
}
