/**
 * ResultStore on disk: `<dataDir>/jobs/<id>.<kind>` for the files and `<dataDir>/jobs/<id>.json` for
 * each job's record, written atomically (write + rename) so results and job views survive a restart.
 * One small file per job keeps every write O(1), however many jobs the store holds. Eviction: jobs
 * older than the TTL go first, then the oldest finished jobs until the total is under the size cap.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile, copyFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobKind, BlobSource, JobRecord, ResultStore, StoredBlob } from './types.ts';

const ID_PATTERN = /^[a-zA-Z0-9-]{8,64}$/;
const ACTIVE = new Set(['queued', 'running']);
const SYNC_WRITE_BYTES = 256 * 1024;

export class DiskResultStore implements ResultStore {
  private readonly root: string;
  private jobs = new Map<string, JobRecord>();
  private writing: Promise<void> = Promise.resolve();
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly watchers = new Map<string, Set<() => void>>();

  private constructor(
    dataDir: string,
    private readonly limits: { maxBytes: number; ttlSeconds: number },
  ) {
    this.root = join(dataDir, 'jobs');
  }

  static async open(
    dataDir: string,
    limits: { maxBytes: number; ttlSeconds: number },
  ): Promise<DiskResultStore> {
    const store = new DiskResultStore(dataDir, limits);
    mkdirSync(join(store.root, 'tmp'), { recursive: true });
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const now = new Date().toISOString();
    for (const name of await readdir(this.root)) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : '';
      if (!ID_PATTERN.test(id)) continue;
      let record: JobRecord;
      try {
        record = JSON.parse(await readFile(join(this.root, name), 'utf8')) as JobRecord;
        if (record?.view?.id !== id) continue;
      } catch {
        continue; // a torn or foreign file: skip it rather than refuse to boot
      }
      // The queue lived in the previous process; its jobs cannot resume.
      if (ACTIVE.has(record.view.status)) {
        record.view.status = 'failed';
        record.view.finishedAt = now;
        record.view.error = {
          code: 'server-restarted',
          message: 'The server restarted before this job finished. Run it again.',
        };
        this.dirty.add(id);
      }
      this.jobs.set(id, record);
    }
    await rm(join(this.root, 'tmp'), { recursive: true, force: true });
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    this.scheduleFlush(0);
  }

  tempDir(): string {
    return join(this.root, 'tmp');
  }

  /** Flat layout `<root>/<id>.<kind>`: no directory per job, so creating a job costs no mkdir. */
  private file(id: string, kind: BlobKind): string {
    if (!ID_PATTERN.test(id)) throw new Error(`Invalid job id ${JSON.stringify(id)}`);
    return join(this.root, `${id}.${kind}`);
  }

  async create(record: JobRecord): Promise<void> {
    if (!ID_PATTERN.test(record.view.id)) throw new Error(`Invalid job id ${JSON.stringify(record.view.id)}`);
    this.jobs.set(record.view.id, structuredClone(record));
    this.markDirty(record.view.id, 200);
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
    this.notify(id);
    // Progress ticks are coalesced; a finished job is written within 50 ms, off the answer's path.
    this.markDirty(id, ACTIVE.has(record.view.status) ? 200 : 50);
    return structuredClone(record);
  }

  async putBlob(id: string, kind: BlobKind, source: BlobSource, meta: StoredBlob): Promise<void> {
    if (!this.jobs.has(id)) {
      if ('path' in source) await unlink(source.path).catch(() => {});
      return;
    }
    const target = this.file(id, kind);
    // A small file is written synchronously: microseconds of blocking beat three thread-pool round
    // trips, which is what a busy machine makes slow.
    if ('data' in source && source.data.length <= SYNC_WRITE_BYTES) writeFileSync(target, source.data);
    else if ('data' in source) await writeFile(target, source.data);
    else
      await rename(source.path, target).catch(async () => {
        await copyFile(source.path, target);
        await unlink(source.path);
      });
    await this.update(id, (record) => {
      record.blobs[kind] = meta;
    });
  }

  async blobPath(id: string, kind: BlobKind): Promise<{ path: string; blob: StoredBlob } | undefined> {
    const blob = this.jobs.get(id)?.blobs[kind];
    return blob ? { path: this.file(id, kind), blob } : undefined;
  }

  async readBlob(id: string, kind: BlobKind): Promise<Buffer | undefined> {
    const found = await this.blobPath(id, kind);
    return found ? readFile(found.path) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    const record = this.jobs.get(id);
    if (!record) return false;
    this.jobs.delete(id);
    this.notify(id);
    this.markDirty(id, 0);
    await Promise.all(
      Object.keys(record.blobs).map((kind) => rm(this.file(id, kind as BlobKind), { force: true })),
    );
    return true;
  }

  changed(id: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const set = this.watchers.get(id) ?? new Set();
      this.watchers.set(id, set);
      const done = () => {
        set.delete(done);
        if (set.size === 0) this.watchers.delete(id);
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        set.delete(done);
        if (set.size === 0) this.watchers.delete(id);
        reject(signal.reason);
      };
      set.add(done);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  private notify(id: string): void {
    for (const done of [...(this.watchers.get(id) ?? [])]) done();
  }

  async totalBytes(): Promise<number> {
    let total = 0;
    for (const record of this.jobs.values()) {
      for (const blob of Object.values(record.blobs)) total += blob?.bytes ?? 0;
    }
    return total;
  }

  async sweep(now = Date.now()): Promise<{ evicted: string[] }> {
    const evicted: string[] = [];
    const finished = [...this.jobs.values()]
      .filter((r) => !ACTIVE.has(r.view.status))
      .sort((a, b) => a.view.createdAt.localeCompare(b.view.createdAt));
    for (const record of finished) {
      if (now - Date.parse(record.view.createdAt) > this.limits.ttlSeconds * 1000) {
        evicted.push(record.view.id);
        await this.delete(record.view.id);
      }
    }
    let total = await this.totalBytes();
    for (const record of finished) {
      if (total <= this.limits.maxBytes) break;
      if (!this.jobs.has(record.view.id)) continue;
      for (const blob of Object.values(record.blobs)) total -= blob?.bytes ?? 0;
      evicted.push(record.view.id);
      await this.delete(record.view.id);
    }
    return { evicted };
  }

  private markDirty(id: string, delayMs: number): void {
    this.dirty.add(id);
    this.scheduleFlush(delayMs);
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer) {
      if (delayMs > 0) return;
      clearTimeout(this.flushTimer);
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, delayMs);
  }

  /** Writes (or removes) the record file of every job changed since the last flush; serialised. */
  flush(): Promise<void> {
    this.writing = this.writing
      .then(async () => {
        const ids = [...this.dirty];
        this.dirty.clear();
        for (const id of ids) {
          const path = join(this.root, `${id}.json`);
          const record = this.jobs.get(id);
          if (!record) {
            await rm(path, { force: true });
            continue;
          }
          const temp = `${path}.${process.pid}.tmp`;
          await writeFile(temp, JSON.stringify(record));
          await rename(temp, path);
        }
      })
      .catch((error: unknown) => {
        console.error(
          JSON.stringify({ level: 'error', msg: 'could not write a job record', error: String(error) }),
        );
      });
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.flush();
  }
}
