/**
 * The two seams that hold all job state. Routes and executors talk only to these interfaces: embedded,
 * they are the in-memory queue and the disk store; with REDIS_URL, BullMQ queues and Redis records with
 * blobs on a shared folder (bull-queue.ts, redis-store.ts).
 */
import type {
  ApiError,
  Dialect,
  ExecutorId,
  Finish,
  JobView,
  JsonObject,
  SubjectBox,
} from '../../recipe/index.ts';

/**
 * `mask`: the subject mask in use when Backdrop knows it (supplied, touched up, or computed once asked
 * for); `provider-result`: a provider's own result, kept when a touch-up or finishing replaces `result`;
 * `result-mask`: the subject mask at the result's size — the engine's mask of a provider's opaque result
 * (so finishing it again needs no model pass), or the local engine's mask framed like its result; the
 * compliance check measures fill and background with it.
 */
export type BlobKind =
  'input' | 'result' | 'preview' | 'background' | 'mask' | 'provider-result' | 'result-mask';

export interface StoredBlob {
  mime: string;
  bytes: number;
  /** Download name, e.g. `photo-backdrop.png`. */
  name: string;
}

/** Everything a worker needs to run a job, persisted with it (a worker on another machine could run it). */
export interface JobRecord {
  view: JobView;
  request: JsonObject;
  /** Set when the user gave a URL instead of a file. */
  imageUrl?: string;
  blobs: Partial<Record<BlobKind, StoredBlob>>;
  /**
   * Times a server stopped without warning (crash, kill) while this job ran. Restart recovery runs a job
   * again until this reaches its limit, so a photo that takes the server down cannot do so forever.
   */
  crashes?: number;
  /** Local executor: segment again inside this box (a Backdrop extension beside the request). */
  subjectBox?: SubjectBox;
  /** Set by PUT /api/jobs/:id/mask: the next run re-renders from the `mask` blob (no model, no provider). */
  touchUp?: boolean;
  /**
   * Set by PUT /api/jobs/:id/finish: the next run only re-renders the finishing (the local engine from
   * its cached mask; a provider job from `provider-result`, without calling the provider). `previous` is
   * the finishing to restore, and `error` why, when the re-render fails (the result before stays).
   */
  refinish?: { previous?: Finish; error?: ApiError };
}

/** One item of a batch as stored; its live state (status, progress, result) is its job's. */
export interface BatchItemRecord {
  id: string;
  /** Unique within the batch (see BatchItem.name). */
  name: string;
  originalName?: string;
  jobId: string;
  attempts: number;
  /** Times this item went back to the queue because the provider rate-limited it. */
  rateLimited?: number;
}

/** A batch as stored: what every item runs, its items, and how it ended if it did not just finish. */
export interface BatchRecord {
  id: string;
  dialect: Dialect;
  executor: ExecutorId;
  request: JsonObject;
  /** Finishing every item's job gets (`finish` on POST /api/batches). */
  finish?: Finish;
  /** The marketplace preset every item is checked against. */
  preset?: string;
  /** Warnings the request itself carries (the same on every item's job). */
  requestWarnings: JobView['warnings'];
  items: BatchItemRecord[];
  createdAt: string;
  cancelledAt?: string;
  stoppedAt?: string;
  stopReason?: ApiError;
  /** ISO time before which no item starts (provider rate limit). */
  backoffUntil?: string;
}

export type BlobSource = { path: string } | { data: Buffer };

export interface ResultStore {
  create(record: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Applies `mutate` to the stored record and persists it; undefined when the job is gone. */
  update(id: string, mutate: (record: JobRecord) => void): Promise<JobRecord | undefined>;
  /** Stores a file of a job; a `path` source is moved into the store (no copy through memory). */
  putBlob(id: string, kind: BlobKind, source: BlobSource, meta: StoredBlob): Promise<void>;
  /** Absolute path of a blob for streaming, or undefined. */
  blobPath(id: string, kind: BlobKind): Promise<{ path: string; blob: StoredBlob } | undefined>;
  readBlob(id: string, kind: BlobKind): Promise<Buffer | undefined>;
  delete(id: string): Promise<boolean>;
  /** Jobs still queued or running, oldest first: what a restarted embedded server runs again. */
  active(): Promise<JobRecord[]>;
  createBatch(record: BatchRecord): Promise<void>;
  getBatch(id: string): Promise<BatchRecord | undefined>;
  /** Applies `mutate` to the stored batch and persists it; undefined when the batch is gone. */
  updateBatch(id: string, mutate: (record: BatchRecord) => void): Promise<BatchRecord | undefined>;
  /**
   * Resolves at the next change of job `id` (update, new file, deletion) — or, for a batch id, of the
   * batch or any job of its items — or rejects when `signal` aborts. Lets GET /api/jobs/:id and
   * /api/batches/:id long-poll; a shared store would back this with pub/sub.
   */
  changed(id: string, signal: AbortSignal): Promise<void>;
  /**
   * Applies the time-to-live and the size cap (oldest finished jobs evicted first); a batch goes when
   * none of its items' jobs is left.
   */
  sweep(now?: number): Promise<{ evicted: string[] }>;
  /** Where uploads are written before they become blobs (same filesystem, so moving is a rename). */
  tempDir(): string;
  totalBytes(): Promise<number>;
  close(): Promise<void>;
}

export interface QueueStats {
  executor: ExecutorId;
  running: number;
  waiting: number;
  concurrency: number;
}

/**
 * Runs one job. `{ requeue: true }`: the job is `queued` again and goes back to the head of its list
 * (the queue does it once the run has left its slot).
 */
export type JobProcessor = (id: string, signal: AbortSignal) => Promise<{ requeue?: boolean } | void>;

/**
 * The abort reason a queue gives running jobs when the server shuts down. The processor puts such a job
 * back to `queued` (never "cancelled": nobody cancelled it), and the next start runs it again.
 */
export const SHUTDOWN = new Error('The server is shutting down; the job runs again when it restarts.');

/** `interactive` (default): a single job from the editor or the API. `batch`: an item of a batch. */
export type JobPriority = 'interactive' | 'batch';

export interface EnqueueOptions {
  /** Interactive jobs start before every waiting batch item of the same executor. */
  priority?: JobPriority;
  /** Put the job at the head of its list (a rate-limited item going back keeps its place). */
  front?: boolean;
}

export interface JobQueue {
  /** Resolves once the job is queued (at once in memory; when Redis has it in the shared queue). */
  enqueue(job: { id: string; executor: ExecutorId }, options?: EnqueueOptions): void | Promise<void>;
  /** 1-based place among the executor's waiting jobs; undefined when not waiting. */
  position(id: string): number | undefined;
  /** Removes a waiting job or aborts a running one. False when the queue does not know the job. */
  cancel(id: string): boolean;
  /** No batch item of `executor` starts before `until` (ms since epoch); interactive jobs still do. */
  holdBatch(executor: ExecutorId, until: number): void;
  stats(): QueueStats[];
  /** Resolves when nothing is running or waiting (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}
