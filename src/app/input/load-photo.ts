/**
 * Every way in (drop, paste, picker, sample, URL) ends here: check the file against the server's
 * limits, read its oriented size, and make it the current photo, or say why not.
 */
import type { ExecutorsResponse, UploadLimits } from '../../recipe/api-types.ts';
import { EXECUTORS_QUERY_KEY } from '../api/hooks.ts';
import { queryClient } from '../api/query-client.ts';
import { useSession, type Photo, type PhotoSource } from '../state/session-store.ts';
import { whenHydrated } from '../persist/session-sync.ts';
import { refusalFor } from './check-photo.ts';
import { HEADER_BYTES, readImageHeader } from './image-header.ts';

const newId = () => crypto.randomUUID();

/** Size with EXIF orientation applied; null when this browser cannot decode the format. */
async function orientedSize(blob: Blob): Promise<{ width: number; height: number } | null> {
  try {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return null;
  }
}

/** A pasted image has no name; give it one a download can build on. */
function nameOf(file: Blob, source: PhotoSource, type: string): string {
  const given = (file as File).name;
  if (given && given !== 'image.png') return given;
  const ext = type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
  return `${source === 'paste' ? 'pasted' : 'photo'}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${ext}`;
}

export async function loadPhotoFile(file: Blob, source: PhotoSource, limits: UploadLimits): Promise<boolean> {
  const session = useSession.getState();
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  const header = readImageHeader(head);
  const name = nameOf(file, source, header?.type ?? file.type);
  const executors = queryClient.getQueryData<ExecutorsResponse>(EXECUTORS_QUERY_KEY)?.executors;
  const refusal = refusalFor({ name, size: file.size }, header, limits, executors);
  if (refusal || !header) {
    session.setPhotoError(refusal);
    return false;
  }
  const size = await orientedSize(file);
  const photo: Photo = {
    id: newId(),
    name,
    type: header.type,
    bytes: file.size,
    width: size?.width ?? header.width ?? 0,
    height: size?.height ?? header.height ?? 0,
    source,
    // Keep the bytes typed correctly even when the OS or clipboard got the MIME type wrong.
    blob: file.type === header.type ? file : new Blob([file], { type: header.type }),
    displayable: size !== null,
  };
  await whenHydrated();
  useSession.getState().setPhoto(photo);
  return true;
}

/** A URL photo: the server fetches it when the job runs; the stage shows it once the job has it. */
export function loadPhotoUrl(raw: string): boolean {
  const session = useSession.getState();
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    session.setPhotoError(`“${raw}” is not a full URL. Paste an address starting with https://.`);
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    session.setPhotoError(
      `Only http(s) addresses can be fetched, not ${url.protocol}. Download the file and drop it instead.`,
    );
    return false;
  }
  const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '') || url.hostname;
  session.setPhoto({
    id: newId(),
    name,
    type: '',
    bytes: 0,
    width: 0,
    height: 0,
    source: 'url',
    imageUrl: url.href,
    displayable: false,
  });
  return true;
}
