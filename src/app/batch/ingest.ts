/**
 * Turns what the user offered (files, a folder's files, ZIPs) into the photos of a batch. ZIPs are
 * read as a stream (fflate's Unzip), one entry at a time, so a 2 GB archive never sits in memory whole.
 * Inside folders and ZIPs, only image files are taken: system files (.DS_Store, __MACOSX/, Thumbs.db)
 * are passed over silently, and other files (notes.txt) are listed as skipped. A file the user picked
 * one by one is always taken, so a refusal can say exactly why it cannot run.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import { isZipName, relativePath } from './shell.ts';

export interface Candidate {
  /** The bare file name, which the server names the result after. */
  name: string;
  /** Path inside the folder or ZIP it came from, when it came from one. */
  path?: string;
  /** The bytes; null for a ZIP entry too large to unpack (refused by its size). */
  blob: Blob | null;
  bytes: number;
}

export interface Expanded {
  photos: Candidate[];
  /** Paths of files passed over because they are not photos. */
  skipped: string[];
  /** Why a ZIP (or an entry in it) could not be read. */
  problems: string[];
}

const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|avif|tiff?|gif|heic|heif|bmp)$/i;
const SYSTEM_FILE = /(^|\/)(\.[^/]*|__MACOSX|Thumbs\.db|desktop\.ini)(\/|$)/i;
/** Read ZIPs in slices of this size. */
const CHUNK_BYTES = 1 << 20;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** In a folder or ZIP: take photos, skip system files silently, list anything else as skipped. */
function sortEntry(path: string, out: Expanded): 'take' | 'skip' {
  if (SYSTEM_FILE.test(path)) return 'skip';
  if (IMAGE_EXTENSIONS.test(path)) return 'take';
  out.skipped.push(path);
  return 'skip';
}

/** Reads one entry into a Blob, giving up past `maxBytes` (a ZIP bomb must not fill the tab). */
function readEntry(file: UnzipFile, maxBytes: number, done: (blob: Blob | null, error?: string) => void) {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  file.ondata = (error, data, final) => {
    if (error) return done(null, error.message);
    bytes += data.length;
    if (bytes > maxBytes) {
      file.terminate();
      return done(null, 'too-large');
    }
    // fflate may hand out views of the slice it was given; the Blob copies them out.
    chunks.push(data);
    if (final) done(new Blob(chunks as BlobPart[]));
  };
  file.start();
}

/**
 * Unpacks the photos of a ZIP. Entries larger than `maxBytes` once inflated come back without bytes,
 * with their size, so the batch can refuse them with the usual sentence.
 */
export async function unpackZip(zip: Blob, zipName: string, maxBytes: number): Promise<Expanded> {
  const out: Expanded = { photos: [], skipped: [], problems: [] };
  const magic = new Uint8Array(await zip.slice(0, 4).arrayBuffer());
  if (magic[0] !== 0x50 || magic[1] !== 0x4b || (magic[2] !== 3 && magic[2] !== 5)) {
    out.problems.push(`${zipName} is not a ZIP Backdrop can read (it does not start like one).`);
    return out;
  }
  // Entries still reading; inflation is synchronous, so any left after the last push were cut short.
  const reading = new Map<string, () => void>();
  const unzip = new Unzip((file) => {
    const path = file.name;
    if (path.endsWith('/') || sortEntry(path, out) === 'skip') return;
    const entry = { name: baseName(path), path: `${zipName}/${path}` };
    reading.set(path, () =>
      out.problems.push(`“${path}” in ${zipName} is cut short; the ZIP is incomplete.`),
    );
    readEntry(file, maxBytes, (blob, error) => {
      reading.delete(path);
      if (blob) out.photos.push({ ...entry, blob, bytes: blob.size });
      else if (error === 'too-large')
        out.photos.push({ ...entry, blob: null, bytes: file.originalSize ?? maxBytes + 1 });
      else out.problems.push(`“${path}” in ${zipName} could not be unpacked (${error}).`);
    });
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  let failure: Error | null = null;
  try {
    for (let at = 0; at < zip.size; at += CHUNK_BYTES) {
      const slice = new Uint8Array(await zip.slice(at, at + CHUNK_BYTES).arrayBuffer());
      unzip.push(slice, at + CHUNK_BYTES >= zip.size);
    }
  } catch (error) {
    failure = error as Error;
  }
  // Name the entries cut short when there are any; the reader's own complaint only otherwise.
  for (const cutShort of reading.values()) cutShort();
  if (failure && reading.size === 0)
    out.problems.push(`${zipName} could not be read to the end (${failure.message}).`);
  return out;
}

/** Every photo in what was offered, in the order offered (folders and ZIPs sorted by path). */
export async function expandFiles(files: readonly File[], maxBytes: number): Promise<Expanded> {
  const out: Expanded = { photos: [], skipped: [], problems: [] };
  const loose: File[] = [];
  const inFolders: File[] = [];
  for (const file of files) (relativePath(file).includes('/') ? inFolders : loose).push(file);
  inFolders.sort((a, b) => relativePath(a).localeCompare(relativePath(b), undefined, { numeric: true }));
  for (const file of [...loose, ...inFolders]) {
    const path = relativePath(file);
    if (
      isZipName(file.name) ||
      file.type === 'application/zip' ||
      file.type === 'application/x-zip-compressed'
    ) {
      const zip = await unpackZip(file, file.name, maxBytes);
      zip.photos.sort((a, b) => (a.path ?? '').localeCompare(b.path ?? '', undefined, { numeric: true }));
      out.photos.push(...zip.photos);
      out.skipped.push(...zip.skipped);
      out.problems.push(...zip.problems);
    } else if (path.includes('/')) {
      if (sortEntry(path, out) === 'take')
        out.photos.push({ name: file.name, path, blob: file, bytes: file.size });
    } else out.photos.push({ name: file.name, blob: file, bytes: file.size });
  }
  return out;
}
