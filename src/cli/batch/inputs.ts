/**
 * The INPUT... of `backdrop batch`: files, folders (searched recursively) and glob patterns (for shells
 * that pass them on unexpanded, and for `**`). Folders and globs contribute files with an image
 * extension; a file named outright is always taken (if it is not an image, its item fails with the
 * usual reason). Inputs keep the order given, folder contents sorted, duplicates once.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { uniqueName } from '../../server/jobs/batch/names.ts';
import { UsageError } from '../command.ts';

/** Extensions of the formats the server accepts (see guards/image-type.ts). */
const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'jfif', 'png', 'webp', 'avif', 'tif', 'tiff', 'gif', 'heic', 'heif'];
const IMAGE_PATTERN = `**/*.{${IMAGE_EXTENSIONS.join(',')}}`;

export interface BatchInputFile {
  /** The file's path as found (relative to the working folder when it was given so). */
  path: string;
  /** Its name in the batch, unique over all inputs (`IMG_1.jpg`, `IMG_1-2.jpg`…), stable across runs. */
  name: string;
}

export interface FoundInputs {
  files: BatchInputFile[];
  /** Files in folders or globs skipped because their names are not images (e.g. `.DS_Store`, `notes.txt`). */
  skipped: number;
}

async function kindOf(file: string): Promise<'file' | 'folder' | undefined> {
  try {
    const info = await stat(file);
    return info.isDirectory() ? 'folder' : 'file';
  } catch {
    return undefined;
  }
}

const sorted = (paths: string[]) => paths.sort((a, b) => a.localeCompare(b, 'en'));

/** Expands INPUT arguments; a path that does not exist and matches nothing is a usage error. */
export async function findInputs(args: string[], cwd = process.cwd()): Promise<FoundInputs> {
  const found: string[] = [];
  let skipped = 0;
  const missing: string[] = [];
  for (const arg of args) {
    const kind = await kindOf(path.resolve(cwd, arg));
    if (kind === 'file') found.push(arg);
    else if (kind === 'folder') {
      const all = await glob('**/*', { cwd: path.resolve(cwd, arg), onlyFiles: true, dot: false });
      const images = await glob(IMAGE_PATTERN, { cwd: path.resolve(cwd, arg), caseSensitiveMatch: false });
      skipped += all.length - images.length;
      found.push(...sorted(images).map((file) => path.join(arg, file)));
    } else if (isDynamicPattern(arg)) {
      const matches = await glob(arg, { cwd, onlyFiles: true });
      const images = matches.filter((file) =>
        IMAGE_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase()),
      );
      skipped += matches.length - images.length;
      if (matches.length === 0) missing.push(`${arg} (matches nothing)`);
      found.push(...sorted(images));
    } else missing.push(`${arg} (no such file or folder)`);
  }
  if (missing.length > 0) throw new UsageError(`Cannot find ${missing.join(', ')}.`);
  const seen = new Set<string>();
  const taken = new Set<string>();
  const files: BatchInputFile[] = [];
  for (const file of found) {
    const key = path.resolve(cwd, file);
    if (seen.has(key)) continue;
    seen.add(key);
    files.push({ path: file, name: uniqueName(path.basename(file), taken) });
  }
  return { files, skipped };
}
