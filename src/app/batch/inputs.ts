/**
 * The photos' bytes. Fresh ones are held here only until IndexedDB has them (a dropped File is a
 * handle to a file on disk, cheap to hold; a ZIP entry is a Blob the browser may keep on disk); after
 * that, and after a reload, they are read back from IndexedDB when needed (upload, retry, compare).
 */
import { batchDb } from './batch-db.ts';

const fresh = new Map<string, Blob>();
let saving: Promise<void> = Promise.resolve();

/** Keeps the photos and queues their write to IndexedDB (in order, a few at a time). */
export function keepInputs(inputs: Map<string, Blob>): Promise<void> {
  for (const [id, blob] of inputs) fresh.set(id, blob);
  const entries = [...inputs];
  saving = saving.then(async () => {
    for (let i = 0; i < entries.length; i += 8) {
      const slice = entries.slice(i, i + 8);
      await batchDb.write(slice.map(([key, value]) => ({ store: 'inputs' as const, key, value })));
      // Once stored, the IndexedDB copy serves later reads; the handle is let go.
      for (const [id] of slice) fresh.delete(id);
    }
  });
  return saving;
}

/** A photo's bytes, or null when it is gone (removed, or storage was cleared). */
export async function readInput(id: string): Promise<Blob | null> {
  return fresh.get(id) ?? (await batchDb.read<Blob>('inputs', id)) ?? null;
}

export function forgetInput(id: string): void {
  fresh.delete(id);
}

/** A result's bytes from IndexedDB, or null when not (yet) saved. */
export async function readResult(id: string): Promise<Blob | null> {
  return (await batchDb.read<Blob>('results', id)) ?? null;
}
