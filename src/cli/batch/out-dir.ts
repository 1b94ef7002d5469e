/**
 * The output folder of `backdrop batch`: result files, and manifest.csv + manifest.json rewritten
 * (atomically: write, then rename) whenever an item ends, so a run stopped at any moment — Ctrl-C, a
 * crash, a lost connection — leaves a manifest that `--resume` continues from.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BatchManifest, BatchManifestRow } from '../../recipe/index.ts';
import { manifestCsv } from '../../server/jobs/batch/manifest.ts';
import { UsageError } from '../command.ts';

const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_CSV = 'manifest.csv';

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

export async function writeManifest(dir: string, manifest: BatchManifest): Promise<void> {
  await writeAtomically(path.join(dir, MANIFEST_JSON), JSON.stringify(manifest, null, 2) + '\n');
  await writeAtomically(path.join(dir, MANIFEST_CSV), manifestCsv(manifest.items));
}

/**
 * Prepares OUT_DIR. With `resume`, returns the rows of the previous run's manifest (by input source path)
 * whose result file is still there; without it, refuses a folder that already holds a batch's manifest,
 * so a second run never overwrites the first one's results by accident.
 */
export async function prepareOutDir(dir: string, resume: boolean): Promise<Map<string, BatchManifestRow>> {
  const manifestFile = path.join(dir, MANIFEST_JSON);
  if (!resume) {
    if (existsSync(manifestFile))
      throw new UsageError(
        `${dir} already holds a batch (${MANIFEST_JSON}). Add --resume to continue it, or give another -o folder.`,
      );
    await mkdir(dir, { recursive: true });
    return new Map();
  }
  let previous: BatchManifest;
  try {
    previous = JSON.parse(await readFile(manifestFile, 'utf8')) as BatchManifest;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await mkdir(dir, { recursive: true });
      return new Map();
    }
    throw new UsageError(
      `--resume cannot read ${manifestFile} (${(error as Error).message}). Fix or remove it.`,
    );
  }
  const done = new Map<string, BatchManifestRow>();
  for (const row of previous.items ?? []) {
    if (row.status === 'done' && row.source && row.output && existsSync(path.join(dir, row.output)))
      done.set(path.resolve(row.source), row);
  }
  return done;
}
