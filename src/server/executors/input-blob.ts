/** The job's input as a Blob for a provider upload. */
import { openAsBlob, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { JobInput } from './types.ts';

/** Above this, the Blob is file-backed so the upload streams from disk; below, one read is faster. */
const STREAM_FROM_DISK_BYTES = 2 * 1024 * 1024;

export async function inputBlob(input: JobInput): Promise<Blob> {
  if (input.bytes > STREAM_FROM_DISK_BYTES) return openAsBlob(input.path, { type: input.mime });
  // Small inputs are read synchronously (microseconds) rather than through the thread pool.
  if (input.bytes <= 256 * 1024)
    return new Blob([new Uint8Array(readFileSync(input.path))], { type: input.mime });
  return new Blob([new Uint8Array(await readFile(input.path))], { type: input.mime });
}
