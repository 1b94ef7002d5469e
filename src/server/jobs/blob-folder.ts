/**
 * Where a store keeps job files: one folder, flat layout `<root>/<id>.<kind>` (no directory per job, so
 * creating a job costs no mkdir). The disk store uses it on the machine's own disk; the Redis store on a
 * folder every node mounts (BACKDROP_DATA_DIR on a shared volume). A store talks to it only through
 * these four methods, so an S3-compatible object store could take its place later.
 */
import { writeFileSync } from 'node:fs';
import { copyFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobKind, BlobSource } from './types.ts';

export const ID_PATTERN = /^[a-zA-Z0-9-]{8,64}$/;
const SYNC_WRITE_BYTES = 256 * 1024;

export class BlobFolder {
  constructor(readonly root: string) {}

  /** Absolute path of a job's file. Throws on an id that is not a plain token (no path tricks). */
  path(id: string, kind: BlobKind): string {
    if (!ID_PATTERN.test(id)) throw new Error(`Invalid job id ${JSON.stringify(id)}`);
    return join(this.root, `${id}.${kind}`);
  }

  /** Writes `data`, or moves the file at `path` in (rename; copy + unlink across filesystems). */
  async put(id: string, kind: BlobKind, source: BlobSource): Promise<void> {
    const target = this.path(id, kind);
    // A small file is written synchronously: microseconds of blocking beat three thread-pool round
    // trips, which is what a busy machine makes slow.
    if ('data' in source && source.data.length <= SYNC_WRITE_BYTES) writeFileSync(target, source.data);
    else if ('data' in source) await writeFile(target, source.data);
    else
      await rename(source.path, target).catch(async () => {
        await copyFile(source.path, target);
        await unlink(source.path);
      });
  }

  /** Drops a source that will not be stored (its job is gone). */
  async discard(source: BlobSource): Promise<void> {
    if ('path' in source) await unlink(source.path).catch(() => {});
  }

  async remove(id: string, kinds: BlobKind[]): Promise<void> {
    await Promise.all(kinds.map((kind) => rm(this.path(id, kind), { force: true })));
  }
}
