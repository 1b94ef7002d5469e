/**
 * ResultStore on disk: `<dataDir>/jobs/<id>.<kind>` for the files, `<dataDir>/jobs/<id>.json` for each
 * job's record and `<dataDir>/batches/<id>.json` for each batch's, written atomically (RecordFiles) so
 * results, job views and batches survive a restart. Jobs that were queued or running keep that status on
 * disk; restart recovery (recovery.ts) runs them again. Eviction: jobs older than the TTL go first, then
 * the oldest finished jobs until the total is under the size cap (sparing the results of batches still
 * running); a batch goes with its last job.
 */
import { mkdirSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobFolder, ID_PATTERN } from './blob-folder.ts';
import { RecordFiles } from './record-files.ts';
import { Watchers } from './watchers.ts';
import { planSweep } from './sweep-plan.ts';
import type { BatchRecord, BlobKind, BlobSource, JobRecord, ResultStore, StoredBlob } from './types.ts';

const ACTIVE = new Set(['queued', 'running']);

export class DiskResultStore implements ResultStore {
  private readonly root: string;
  private readonly files: BlobFolder;
  private jobs = new Map<string, JobRecord>();
  private batches = new Map<string, BatchRecord>();
  private readonly jobFiles: RecordFiles<JobRecord>;
  private readonly batchFiles: RecordFiles<BatchRecord>;
  private readonly watchers = new Watchers();

  private constructor(
    dataDir: string,
    private readonly limits: { maxBytes: number; ttlSeconds: number },
  ) {
    this.root = join(dataDir, 'jobs');
    this.files = new BlobFolder(this.root);
    this.jobFiles = new RecordFiles(this.root, ID_PATTERN, (id) => this.jobs.get(id));
    this.batchFiles = new RecordFiles(join(dataDir, 'batches'), ID_PATTERN, (id) => this.batches.get(id));
  }

  static async open(
    dataDir: string,
    limits: { maxBytes: number; ttlSeconds: number },
  ): Promise<DiskResultStore> {
    const store = new DiskResultStore(dataDir, limits);
    mkdirSync(join(store.root, 'tmp'), { recursive: true });
    store.jobs = await store.jobFiles.readAll((id, record) => record.view?.id === id);
    store.batches = await store.batchFiles.readAll((id, record) => record.id === id);
    await rm(join(store.root, 'tmp'), { recursive: true, force: true });
    await mkdir(join(store.root, 'tmp'), { recursive: true });
    return store;
  }

  tempDir(): string {
    return join(this.root, 'tmp');
  }

  async create(record: JobRecord): Promise<void> {
    if (!ID_PATTERN.test(record.view.id)) throw new Error(`Invalid job id ${JSON.stringify(record.view.id)}`);
    this.jobs.set(record.view.id, structuredClone(record));
    this.jobFiles.markDirty(record.view.id, 200);
    this.notify(record.view.id, record);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const record = this.jobs.get(id);
    return record && structuredClone(record);
  }

  async update(id: string, mutate: (record: JobRecord) => void): Promise<JobRecord | undefined> {
    const record = this.jobs.get(id);
    if (!record) return undefined;
    mutate(record);
    this.notify(id, record);
    // Progress ticks are coalesced; a finished job is written within 50 ms, off the answer's path.
    this.jobFiles.markDirty(id, ACTIVE.has(record.view.status) ? 200 : 50);
    return structuredClone(record);
  }

  async active(): Promise<JobRecord[]> {
    return [...this.jobs.values()]
      .filter((record) => ACTIVE.has(record.view.status))
      .sort((a, b) => a.view.createdAt.localeCompare(b.view.createdAt))
      .map((record) => structuredClone(record));
  }

  async putBlob(id: string, kind: BlobKind, source: BlobSource, meta: StoredBlob): Promise<void> {
    if (!this.jobs.has(id)) return this.files.discard(source);
    await this.files.put(id, kind, source);
    await this.update(id, (record) => {
      record.blobs[kind] = meta;
    });
  }

  async blobPath(id: string, kind: BlobKind): Promise<{ path: string; blob: StoredBlob } | undefined> {
    const blob = this.jobs.get(id)?.blobs[kind];
    return blob ? { path: this.files.path(id, kind), blob } : undefined;
  }

  async readBlob(id: string, kind: BlobKind): Promise<Buffer | undefined> {
    const found = await this.blobPath(id, kind);
    return found ? readFile(found.path) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    const record = this.jobs.get(id);
    if (!record) return false;
    this.jobs.delete(id);
    this.notify(id, record);
    this.jobFiles.markDirty(id, 0);
    await this.files.remove(id, Object.keys(record.blobs) as BlobKind[]);
    return true;
  }

  async createBatch(record: BatchRecord): Promise<void> {
    if (!ID_PATTERN.test(record.id)) throw new Error(`Invalid batch id ${JSON.stringify(record.id)}`);
    this.batches.set(record.id, structuredClone(record));
    this.batchFiles.markDirty(record.id, 0);
  }

  async getBatch(id: string): Promise<BatchRecord | undefined> {
    const record = ID_PATTERN.test(id) ? this.batches.get(id) : undefined;
    return record && structuredClone(record);
  }

  async updateBatch(id: string, mutate: (record: BatchRecord) => void): Promise<BatchRecord | undefined> {
    const record = this.batches.get(id);
    if (!record) return undefined;
    mutate(record);
    this.batchFiles.markDirty(id, 0);
    this.wake(id);
    return structuredClone(record);
  }

  changed(id: string, signal: AbortSignal): Promise<void> {
    return this.watchers.wait(id, signal);
  }

  /** Wakes the job's watchers and its batch's. */
  private notify(id: string, record: JobRecord): void {
    this.wake(id);
    if (record.view.batch) this.wake(record.view.batch.id);
  }

  private wake(id: string): void {
    this.watchers.wake(id);
  }

  async totalBytes(): Promise<number> {
    let total = 0;
    for (const record of this.jobs.values()) {
      for (const blob of Object.values(record.blobs)) total += blob?.bytes ?? 0;
    }
    return total;
  }

  async sweep(now = Date.now()): Promise<{ evicted: string[] }> {
    const plan = planSweep([...this.jobs.values()], [...this.batches.values()], this.limits, now);
    for (const id of plan.jobs) await this.delete(id);
    for (const id of plan.batches) {
      this.batches.delete(id);
      this.batchFiles.markDirty(id, 0);
      this.wake(id);
    }
    return { evicted: plan.jobs };
  }

  /** Writes every changed record now (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([this.jobFiles.flush(), this.batchFiles.flush()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.jobFiles.close(), this.batchFiles.close()]);
  }
}
