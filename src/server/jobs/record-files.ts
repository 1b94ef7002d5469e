/**
 * One JSON file per record (`<dir>/<id>.json`), written atomically (write + rename) and coalesced: a
 * record changed many times within `delayMs` is written once. One small file per record keeps every write
 * O(1), however many records a folder holds. Used by the disk store for jobs and for batches.
 */
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class RecordFiles<T> {
  private writing: Promise<void> = Promise.resolve();
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;

  /** `current(id)` is the record to write now, or undefined to remove its file. */
  constructor(
    readonly dir: string,
    private readonly idPattern: RegExp,
    private readonly current: (id: string) => T | undefined,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Every readable record in the folder; torn or foreign files are skipped rather than refusing to boot. */
  async readAll(isValid: (id: string, value: T) => boolean): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const name of await readdir(this.dir)) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : '';
      if (!this.idPattern.test(id)) continue;
      try {
        const value = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as T;
        if (value && isValid(id, value)) found.set(id, value);
      } catch {
        continue;
      }
    }
    return found;
  }

  /** Writes `id`'s record within `delayMs` (0: on the next turn). */
  markDirty(id: string, delayMs: number): void {
    this.dirty.add(id);
    this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.flushTimer) {
      if (delayMs > 0) return;
      clearTimeout(this.flushTimer);
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, delayMs);
  }

  /** Writes (or removes) the file of every record changed since the last flush; serialised. */
  flush(): Promise<void> {
    this.writing = this.writing
      .then(async () => {
        const ids = [...this.dirty];
        this.dirty.clear();
        for (const id of ids) {
          const path = join(this.dir, `${id}.json`);
          const record = this.current(id);
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
          JSON.stringify({ level: 'error', msg: 'could not write a record', error: String(error) }),
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
