import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repo root: this file lives in src/engine/segmentation/. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The one folder the engine may write to (BACKDROP_DATA_DIR, default `.data/` in the repo). */
export function dataDir(): string {
  const configured = process.env.BACKDROP_DATA_DIR;
  return configured ? path.resolve(configured) : path.join(repoRoot, '.data');
}

/** A sub-folder of the data folder, created on demand. */
export async function dataSubdir(name: string): Promise<string> {
  const dir = path.join(dataDir(), name);
  await mkdir(dir, { recursive: true });
  return dir;
}
