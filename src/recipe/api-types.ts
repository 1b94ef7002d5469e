/**
 * The BFF's HTTP contract, as types. Lives in the recipe because both the browser (src/app) and the
 * server (src/server) speak it, and the app may not import server code.
 */
import type { ComplianceSummary } from './presets/types.ts';
import type { Dialect, ExecutorId, JsonObject } from './types.ts';
import type { OutputFormat } from './plan.ts';
import type { SubjectBox } from './subject-box.ts';
import type { Finish } from './finish.ts';

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
  /**
   * With `rate-limited` (429) or an unavailable provider (503): seconds to wait before trying again, from
   * the provider's Retry-After / RateLimit-Reset (or this server's own limit), counted from the answer.
   */
  retryAfterSeconds?: number;
}

export interface ApiErrorBody {
  error: ApiError;
}

/** The local engine's segmentation model and the numeric precision its pass runs at on this server. */
export interface EngineModelInfo {
  /** Model id, e.g. `isnet-fp16` (the shipped ISNet). */
  id: string;
  /** `int8`: the QDQ variant derived from the shipped weights; `fp32`: the float model. */
  precision: 'int8' | 'fp32';
  /** Why this precision, e.g. "this CPU multiplies int8 natively (avx512_vnni)" or "BACKDROP_MODEL_PRECISION=fp32". */
  reason: string;
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
  /**
   * MIME types it takes as input: for `local`, what this server's decoder proved it decodes at start;
   * for a provider, what its documentation lists (and the upload guard can check).
   */
  inputTypes: string[];
  /** The local engine's model (what its next job will run); absent for providers. */
  model?: EngineModelInfo;
}

export interface UploadLimits {
  maxBytes: number;
  maxMegapixels: number;
  /** MIME types some available executor takes, e.g. image/jpeg (each executor's own: ExecutorInfo.inputTypes). */
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
  /** Frames in an animated input (GIF, WebP); absent for stills. */
  frames?: number;
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
  /** Local jobs: the model and precision that ran. */
  model?: EngineModelInfo;
  rateLimit?: { limit?: number; remaining?: number; resetSeconds?: number };
  credits?: { remaining?: number; note?: string };
  input: ImageInfo;
  output?: ImageInfo;
  /** True once a quick low-resolution preview can be fetched from /api/jobs/:id/preview. */
  previewAvailable: boolean;
  error?: ApiError;
  /** The box the local engine segmented inside (`subjectBox` on POST; a Backdrop extension). */
  subjectBox?: SubjectBox;
  /** Where the job's mask came from; absent for a provider job that was never touched up. */
  mask?: JobMaskInfo;
  /** A failed job the provider asked to retry later: seconds from `finishedAt` (= error.retryAfterSeconds). */
  retryAfterSeconds?: number;
  /** When that job may be run again (ISO 8601): `finishedAt` + retryAfterSeconds. */
  retryAt?: string;
  /**
   * Backdrop's finishing (shadow, placement) as sent in `finish` or set by PUT /api/jobs/:id/finish —
   * applied after the executor, never part of the provider request. Absent: none.
   */
  finish?: Finish;
  createdAt: string;
  finishedAt?: string;
  /** Set when the job runs an item of a batch (GET /api/batches/:id). */
  batch?: { id: string; itemId: string };
  /** The marketplace preset (id) the job was run for; its result is checked against the preset's rules. */
  preset?: string;
  /** The check's outcome once the job is done (GET /api/jobs/:id/compliance has every rule). */
  compliance?: ComplianceSummary;
}

/**
 * `model`: the local engine's segmentation; `box`: segmented inside `subjectBox`; `supplied`: given with
 * the job (`mask` field, `--mask`); `edited`: replaced after the run by PUT /api/jobs/:id/mask (touch-up
 * in Backdrop — for a provider job, the provider's image with Backdrop's alpha, not the provider's work).
 */
export interface JobMaskInfo {
  source: 'model' | 'box' | 'supplied' | 'edited';
  /** When the mask was last replaced (ISO 8601), for `edited`. */
  editedAt?: string;
}

/** POST /api/jobs → 202 */
export interface JobCreated {
  id: string;
}

// ─── Batches: one request over many images; each item is a normal job (see /api/jobs/:id) ───────────
// POST   /api/batches                          multipart dialect, request, executor, images…, imageUrls → BatchCreated
// POST   /api/batches/:id/items                multipart images…, imageUrls → BatchCreated (the new items)
// GET    /api/batches/:id?offset&limit&wait    BatchView
// GET    /api/batches/:id/archive              ZIP: done results + manifest.csv + manifest.json
// POST   /api/batches/:id/items/:itemId/retry  optional multipart `image` replaces the input → BatchItemCreated
// DELETE /api/batches/:id/items/:itemId        cancels the item if active and removes it from the batch
// DELETE /api/batches/:id                      cancels what is queued or running; done results stay

/**
 * Where a batch stands as a whole.
 * - `running`: some items are queued or running (also while a provider's rate limit holds it: see
 *   `BatchView.backoffUntil`).
 * - `done`: nothing is queued or running; items may still have failed or been cancelled (see `counts`).
 * - `stopped`: the batch stopped itself before its queue was empty because going on cannot succeed
 *   (e.g. the provider says there are no credits left); see `BatchView.stopReason`. Done items are kept;
 *   the rest are cancelled. Adding or retrying items starts it again.
 * - `cancelled`: DELETE /api/batches/:id cancelled what was queued or running; done items are kept.
 */
export type BatchStatus = 'running' | 'done' | 'stopped' | 'cancelled';

/** How many of a batch's items are in each job status; `total` is their sum. */
export interface BatchCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
  total: number;
}

/**
 * One item of a batch: one input image and the job that runs it. The fields picked from JobView mean
 * what they mean there (status, progress, stage, error with its reason, input/output sizes, timings…).
 */
export interface BatchItem extends Pick<
  JobView,
  | 'status'
  | 'progress'
  | 'stage'
  | 'queuePosition'
  | 'error'
  | 'warnings'
  | 'input'
  | 'output'
  | 'timings'
  | 'providerRequestId'
  | 'previewAvailable'
  | 'createdAt'
  | 'finishedAt'
  | 'compliance'
> {
  /** The item's id within its batch; stays the same across retries (a retry gets a new `jobId`). */
  id: string;
  /**
   * The input's name, unique within the batch: the uploaded file name or the URL's last segment, with a
   * `-2`, `-3`… added before the extension when the batch already has that name.
   */
  name: string;
  /** The name as it arrived, when `name` had to be made unique. */
  originalName?: string;
  /** The current job of this item: GET/DELETE /api/jobs/:jobId, and its /result, /input, /preview. */
  jobId: string;
  /** Times this item was run: 1, plus one per retry. */
  attempts: number;
  /** File name of the result inside the archive (`name-backdrop.png`, unique in the batch); set when done. */
  archiveName?: string;
}

/** GET /api/batches/:id (`?offset=&limit=` page the items, `?wait=ms` long-polls like jobs). */
export interface BatchView {
  id: string;
  status: BatchStatus;
  dialect: Dialect;
  executor: ExecutorId;
  /** The marketplace preset every item is checked against, when the batch was created with one. */
  preset?: string;
  /** The request every item runs, exactly as each item's job sends it. */
  request: JsonObject;
  /** The finishing every item gets after its executor (`finish` on POST /api/batches). */
  finish?: Finish;
  counts: BatchCounts;
  /** Sum of input bytes of all items, and of result bytes of the done ones. */
  bytes: { input: number; output: number };
  /** This page of items, in the order they were added. */
  items: BatchItem[];
  /** Where `items` sits among all of the batch's items (`total` = counts.total). */
  page: { offset: number; limit: number; total: number };
  /**
   * Set while the provider asked to slow down (HTTP 429 with Retry-After): no item of this batch starts
   * before this ISO time; the batch then resumes by itself.
   */
  backoffUntil?: string;
  /** Why the batch stopped itself (`status: 'stopped'`), e.g. `{ code: 'no-credits', … }`. */
  stopReason?: ApiError;
  /** Estimated seconds until every queued and running item has finished; absent until one item is done. */
  secondsLeft?: number;
  createdAt: string;
  /** When the last item finished, or the batch was cancelled or stopped. */
  finishedAt?: string;
}

/** One item as the create and add routes answer it. */
export interface BatchItemCreated {
  id: string;
  name: string;
  jobId: string;
  /** `queued`, or `failed` when the input was refused (not an image, truncated, too large…) */
  status: JobStatus;
  /** Why the item failed on arrival, naming the file, as POST /api/jobs would have said it. */
  error?: ApiError;
}

/**
 * POST /api/batches → 202, and POST /api/batches/:id/items → 202 (only the items just added).
 * Bad inputs do not fail the request: they come back as items with `status: 'failed'`.
 */
export interface BatchCreated {
  id: string;
  items: BatchItemCreated[];
}

/**
 * One line of manifest.csv / one entry of manifest.json in a batch archive and in the CLI's output folder.
 * CSV columns, in this order: input, output, status, error_code, error, warnings (joined with " | "),
 * width, height, bytes, executor, total_ms, timings (stage=ms;…), provider_request_id, compliance,
 * compliance_issues (joined with " | "), finish (JSON), and in the CLI's manifests a last `source` column.
 */
export interface BatchManifestRow {
  /** The input's name (unique in the batch). */
  input: string;
  /** The input file's path as the command line was given it (CLI manifests only; what --resume matches). */
  source?: string;
  /** The result's file name in the archive or output folder; empty unless done. */
  output: string;
  status: JobStatus;
  /** The error's code and message when the item failed. */
  errorCode?: string;
  error?: string;
  warnings: string[];
  /** The result's size in pixels and bytes (0 unless done). */
  width: number;
  height: number;
  bytes: number;
  executor: ExecutorId;
  /** Milliseconds per stage and their sum. */
  timings: Record<string, number>;
  totalMs: number;
  providerRequestId?: string;
  /** With a preset: the check's status (pass / warn / fail) and one line per rule that did not pass. */
  compliance?: ComplianceSummary['status'];
  complianceIssues?: string[];
  /** Backdrop's finishing the item ran with (the batch's `finish`), as compact JSON; absent: none. */
  finish?: string;
}

/** manifest.json: the batch and one row per item. */
export interface BatchManifest {
  batch: Pick<
    BatchView,
    | 'id'
    | 'status'
    | 'dialect'
    | 'executor'
    | 'preset'
    | 'request'
    | 'finish'
    | 'counts'
    | 'createdAt'
    | 'finishedAt'
  > & {
    /** When this manifest was written (an archive downloaded mid-run holds what was done by then). */
    writtenAt: string;
  };
  items: BatchManifestRow[];
}
