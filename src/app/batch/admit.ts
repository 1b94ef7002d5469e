/**
 * Turns candidates into batch items: each photo is checked against the server's limits exactly as a
 * single photo is (type from its bytes, bytes, megapixels; the same sentences), so a file the server
 * would refuse fails here, on its own, without an upload. Thumbnails follow in the background.
 */
import type { UploadLimits } from '../../recipe/api-types.ts';
import { refusalFor } from '../input/check-photo.ts';
import { HEADER_BYTES, readImageHeader } from '../input/image-header.ts';
import { useBatch, type BatchItem, type Transfer } from './batch-store.ts';
import type { Candidate } from './ingest.ts';
import { readInput } from './inputs.ts';
import { makeThumbnail, queueThumbnail } from './thumbnail.ts';

const newItemId = () => crypto.randomUUID();

/** A new item for `candidate`: queued, or failed with the reason the server would give. */
export async function admit(
  candidate: Candidate,
  limits: UploadLimits,
  transfer: Transfer,
): Promise<BatchItem> {
  const blob = candidate.blob;
  const header = blob
    ? readImageHeader(new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer()))
    : null;
  const refusal = blob
    ? refusalFor({ name: candidate.name, size: candidate.bytes }, header, limits)
    : refusalFor(
        { name: candidate.name, size: candidate.bytes },
        { type: limits.types[0] ?? 'image/jpeg' },
        limits,
      );
  return {
    id: newItemId(),
    name: candidate.name,
    ...(candidate.path ? { path: candidate.path } : {}),
    type: header?.type ?? '',
    bytes: candidate.bytes,
    width: header?.width ?? 0,
    height: header?.height ?? 0,
    status: refusal ? 'failed' : 'queued',
    transfer: refusal ? 'draft' : transfer,
    progress: 0,
    ...(refusal ? { error: { code: 'refused', message: refusal, path: 'images' } } : {}),
    warnings: 0,
    resultSaved: false,
    attempts: 0,
  };
}

/** Makes the photo's thumbnail (queued, a few at a time) and files it on the item. */
export function thumbnailLater(id: string): void {
  void queueThumbnail(async () => {
    const item = useBatch.getState().items[id];
    if (!item || item.thumb || !item.type) return;
    const blob = await readInput(id);
    if (!blob) return;
    const thumb = await makeThumbnail(blob);
    if (!thumb) return;
    // The decoded size has EXIF orientation applied; the header's may be the wrong way round.
    useBatch
      .getState()
      .updateItem(id, { thumb: thumb.blob, width: thumb.fullWidth, height: thumb.fullHeight });
  });
}
