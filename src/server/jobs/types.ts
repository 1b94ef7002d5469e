/**
 * The two seams that hold all job state. Routes and executors talk only to these interfaces, so the
 * in-memory queue and the disk store can later be swapped for BullMQ/Redis and shared object storage
 * without touching them.
 */
import type { ExecutorId, JobView, JsonObject } from '../../recipe/index.ts';

export type BlobKind = 'input' | 'result' | 'preview' | 'background';

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
  /**
   * Resolves at the job's next change (update, new file, deletion), or rejects when `signal` aborts.
   * Lets GET /api/jobs/:id long-poll; a shared store would back this with pub/sub.
   */
  changed(id: string, signal: AbortSignal): Promise<void>;
  /** Applies the time-to-live and the size cap (oldest finished jobs evicted first). */
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

export type JobProcessor = (id: string, signal: AbortSignal) => Promise<void>;

export interface JobQueue {
  enqueue(job: { id: string; executor: ExecutorId }): void;
  /** 1-based place among the executor's waiting jobs; undefined when not waiting. */
  position(id: string): number | undefined;
  /** Removes a waiting job or aborts a running one. False when the queue does not know the job. */
  cancel(id: string): boolean;
  stats(): QueueStats[];
  /** Resolves when nothing is running or waiting (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}
