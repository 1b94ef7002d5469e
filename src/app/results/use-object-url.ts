import { useMemo } from 'react';

/**
 * One object URL per blob for the page's lifetime. Blobs here are few (the current photo, at most
 * RESULTS_KEPT results and a preview per run), so caching beats revoking: every thumbnail, the
 * compare and the download link share one URL, and re-renders never re-create it.
 */
const urls = new WeakMap<Blob, string>();

function objectUrlFor(blob: Blob): string {
  let url = urls.get(blob);
  if (!url) {
    url = URL.createObjectURL(blob);
    urls.set(blob, url);
  }
  return url;
}

export function useObjectUrl(blob: Blob | undefined | null): string | null {
  return useMemo(() => (blob ? objectUrlFor(blob) : null), [blob]);
}
