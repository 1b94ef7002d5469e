import { useEffect, useState } from 'react';

/**
 * Object URLs for blobs shown by mounted components only. The single-photo views cache one URL per
 * blob for the page's life (results/use-object-url.ts); a virtualised grid of hundreds of thumbnails
 * must let go of the ones scrolled away instead. URLs are counted per user and revoked a moment after
 * the last one unmounts (the moment lets StrictMode's remount and a quick scroll back reuse them).
 */
interface Entry {
  url: string;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<Blob, Entry>();
const RELEASE_MS = 1000;

function releaseLater(blob: Blob, entry: Entry): void {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    if (entry.users > 0) return;
    URL.revokeObjectURL(entry.url);
    entries.delete(blob);
  }, RELEASE_MS);
}

function entryFor(blob: Blob): Entry {
  let entry = entries.get(blob);
  if (!entry) {
    entry = { url: URL.createObjectURL(blob), users: 0 };
    entries.set(blob, entry);
    // Rendered but never mounted (an interrupted render) must not leak either.
    releaseLater(blob, entry);
  }
  return entry;
}

/** An object URL for `blob` while the component shows it. */
export function useBlobUrl(blob: Blob | null | undefined): string | null {
  const url = blob ? entryFor(blob).url : null;
  useEffect(() => {
    if (!blob) return;
    const entry = entryFor(blob);
    entry.users++;
    clearTimeout(entry.timer);
    return () => {
      entry.users--;
      releaseLater(blob, entry);
    };
  }, [blob]);
  return url;
}

/** Like useBlobUrl, for a blob that must be loaded first (a photo or result in IndexedDB). */
export function useLoadedBlobUrl(load: (() => Promise<Blob | null>) | null, key: string): string | null {
  const [loaded, setLoaded] = useState<{ key: string; blob: Blob | null } | null>(null);
  useEffect(() => {
    let live = true;
    if (load) void load().then((blob) => live && setLoaded({ key, blob }));
    return () => {
      live = false;
    };
    // `key` names what `load` loads; a new closure for the same key must not load it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return useBlobUrl(loaded?.key === key ? loaded.blob : null);
}
