/**
 * The BFF's HTTP contract, as types. Lives in the recipe because both the browser (src/app) and the
 * server (src/server) speak it, and the app may not import server code.
 */
import type { Dialect, ExecutorId } from './types.ts';
import type { OutputFormat } from './plan.ts';

/** Every error response: `{ "error": ApiError }`. */
export interface ApiError {
  /** Stable code, e.g. `invalid-request`, `image-too-large`, `invalid-key`, `no-credits`, `rate-limited`. */
  code: string;
  /** What happened and what to do, in one or two sentences. */
  message: string;
  /** JSON path in the request, or the form field name (`image`, `request`, `dialect`, `executor`). */
  path?: string;
  executor?: ExecutorId;
  /** The provider's request id when the provider answered. */
  requestId?: string;
}

export interface ApiErrorBody {
  error: ApiError;
}

/** GET /api/executors → { executors: ExecutorInfo[], limits: UploadLimits } */
export interface ExecutorInfo {
  id: ExecutorId;
  label: string;
  available: boolean;
  /** Why it is not available, e.g. "No CLAID_API_KEY is set on the server." Never a key or part of one. */
  reason?: string;
  /** Dialects this executor runs. `local` runs both. */
  dialects: Dialect[];
  /** How many jobs it runs at once. */
  concurrency: number;
}

export interface UploadLimits {
  maxBytes: number;
  maxMegapixels: number;
  /** MIME types accepted, e.g. image/jpeg. */
  types: string[];
}

export interface ExecutorsResponse {
  executors: ExecutorInfo[];
  limits: UploadLimits;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobWarning {
  /** JSON path in the request, when the warning is about an option. */
  path?: string;
  message: string;
}

export interface ImageInfo {
  name?: string;
  /** MIME type. */
  type: string;
  width: number;
  height: number;
  bytes: number;
  format?: OutputFormat | string;
}

/** GET /api/jobs/:id */
export interface JobView {
  id: string;
  executor: ExecutorId;
  dialect: Dialect;
  status: JobStatus;
  /** 1-based place in the executor's queue while queued. */
  queuePosition?: number;
  /** What the job is doing now, e.g. `segmenting`, `compositing`, `uploading`, `polling`. */
  stage?: string;
  /** 0..1 */
  progress: number;
  warnings: JobWarning[];
  /** Milliseconds per stage, in the order they ran. */
  timings: Record<string, number>;
  /** The provider's request/job id (Claid x-request-id, Deep-Image job). */
  providerRequestId?: string;
  rateLimit?: { limit?: number; remaining?: number; resetSeconds?: number };
  credits?: { remaining?: number; note?: string };
  input: ImageInfo;
  output?: ImageInfo;
  /** True once a quick low-resolution preview can be fetched from /api/jobs/:id/preview. */
  previewAvailable: boolean;
  error?: ApiError;
  createdAt: string;
  finishedAt?: string;
}

/** POST /api/jobs → 202 */
export interface JobCreated {
  id: string;
}
