/**
 * A batch's ZIP archive, streamed: the result file of every item done when the download starts, named
 * as BatchItem.archiveName says, plus manifest.csv and manifest.json covering every item. yazl reads one
 * result file at a time and only as fast as the client takes the bytes (backpressure through the pipe),
 * so the server holds a few 64 KB chunks, not the archive. Images are stored, not deflated (PNG, JPEG,
 * WebP and AVIF are compressed already); ZIP64 is used when an archive passes 4 GB. All sizes are
 * known up front, so the total length is too (Content-Length: browsers show real download progress).
 *
 * yazl rather than fflate's streaming Zip: fflate writes no ZIP64 (an archive of a few hundred 12 MP
 * PNGs can pass 4 GB) and its push API has no backpressure, so a slow client would make the server
 * buffer the archive; archiver does both but brings nine dependencies, yazl one.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { BatchManifest } from '../../../recipe/index.ts';
import type { ResultStore } from '../types.ts';
import type { BatchSnapshot } from './batches.ts';
import { manifestCsv, manifestRow } from './manifest.ts';

export interface BatchArchive {
  stream: Readable;
  /** Total bytes of the archive. */
  bytes: number;
  /** How many result files it holds. */
  files: number;
}

/** Builds the manifest of a snapshot (rows for every item; outputs for the done ones). */
function batchManifest(snapshot: BatchSnapshot): BatchManifest {
  const { batch } = snapshot;
  return {
    batch: {
      id: batch.id,
      status: snapshot.status,
      dialect: batch.dialect,
      executor: batch.executor,
      ...(batch.preset ? { preset: batch.preset } : {}),
      request: batch.request,
      ...(batch.finish ? { finish: batch.finish } : {}),
      counts: snapshot.counts,
      createdAt: batch.createdAt,
      ...(snapshot.finishedAt ? { finishedAt: snapshot.finishedAt } : {}),
      writtenAt: new Date().toISOString(),
    },
    items: batch.items.map((item, i) => manifestRow(item.name, snapshot.resultNames[i], snapshot.jobs[i]!)),
  };
}

/** Streams the archive of what `snapshot` says is done; resolves once its total size is known. */
export async function batchArchive(store: ResultStore, snapshot: BatchSnapshot): Promise<BatchArchive> {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  // A file that cannot be read ends the download with an error (never the process); a client that
  // goes away stops the file being read.
  const open = new Set<Readable>();
  zip.on('error', (error: Error) => output.destroy(error));
  output.on('close', () => {
    for (const file of open) file.destroy();
  });
  const manifest = batchManifest(snapshot);
  let files = 0;
  for (const [i, job] of snapshot.jobs.entries()) {
    const name = snapshot.resultNames[i];
    const found = job.status === 'done' && name ? await store.blobPath(job.id, 'result') : undefined;
    if (!found || !name) {
      // Listed as done but its file is gone (evicted meanwhile): the manifest must not promise it.
      if (job.status === 'done') manifest.items[i]!.output = '';
      continue;
    }
    const mtime = new Date(job.finishedAt ?? snapshot.batch.createdAt);
    zip.addReadStreamLazy(name, { size: found.blob.bytes, compress: false, mtime }, (give) => {
      const file = createReadStream(found.path);
      open.add(file);
      file.once('close', () => open.delete(file));
      // yazl listens for no read errors; unhandled, one would take the process down.
      file.on('error', (error) => output.destroy(error));
      give(null, file);
    });
    files++;
  }
  const written = new Date();
  zip.addBuffer(Buffer.from(manifestCsv(manifest.items)), 'manifest.csv', {
    compress: false,
    mtime: written,
  });
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', {
    compress: false,
    mtime: written,
  });
  // yazl passes the total size to this callback (its README); @types/yazl declares it without the argument.
  const ending = zip as unknown as { end(options: undefined, sized: (total: number) => void): void };
  const bytes = await new Promise<number>((resolve) => ending.end(undefined, resolve));
  return { stream: output, bytes, files };
}
