/**
 * Share links: `#r=<encoded dialect + request + finishing>` in the URL. Only the request and Backdrop's
 * finishing travel, never a key.
 */
import { useEffect } from 'react';
import { loadLazyRecipe, preloadLazyRecipe } from '../common/lazy-recipe.ts';
import { requestOf, useEditor } from '../state/editor-store.ts';
import { selectActiveFinish, useFinish } from '../finishing/finish-store.ts';
import { showToast } from '../common/toast.ts';
import { copyText } from './clipboard.ts';
import { dialectLabel } from '../../recipe/index.ts';

const SHARE_PREFIX = '#r=';

async function shareUrl(): Promise<string> {
  const { encodeShare } = await loadLazyRecipe();
  const { dialect, requests } = useEditor.getState();
  const url = new URL(window.location.href);
  url.hash =
    SHARE_PREFIX.slice(1) +
    encodeShare(dialect, requestOf(requests, dialect), selectActiveFinish(useFinish.getState()));
  return url.toString();
}

export async function shareCurrent(): Promise<void> {
  const url = await shareUrl();
  window.history.replaceState(null, '', url);
  await copyText(url, 'Share link copied: it holds the request and finishing, never a key');
}

/** Applies a `#r=` link; resolves false (with a message) when the link is broken. */
async function applyShareHash(hash: string): Promise<boolean> {
  if (!hash.startsWith(SHARE_PREFIX)) return false;
  const { decodeShare } = await loadLazyRecipe();
  const decoded = decodeShare(hash.slice(SHARE_PREFIX.length));
  if (!decoded.ok) {
    showToast(
      `This share link could not be opened: ${decoded.message} Your own setup is unchanged.`,
      'danger',
    );
    return false;
  }
  useEditor.getState().replaceRequest(decoded.dialect, decoded.request);
  // A link without finishing switches it off: the result should look as it did for the sender.
  useFinish.getState().applyFinish(decoded.finish ?? null);
  showToast(
    `Opened a shared ${dialectLabel(decoded.dialect)} request${decoded.finish ? ' with its finishing' : ''}. Undo (Ctrl/⌘+Z) brings back your request.` +
      (decoded.finishProblem ? ` Note: ${decoded.finishProblem}.` : ''),
    decoded.finishProblem ? 'warning' : 'success',
  );
  return true;
}

/** Reads a share link on load and when the hash changes (a link pasted into the same tab). */
export function useShareLinkOnLoad() {
  useEffect(() => {
    const consume = () => {
      const { hash } = window.location;
      if (!hash.startsWith(SHARE_PREFIX)) return;
      // Leave the link out of the address bar once read, so a reload keeps later edits.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      applyShareHash(hash).catch((error: unknown) =>
        showToast(`This share link could not be opened: ${(error as Error).message}`, 'danger'),
      );
    };
    consume();
    preloadLazyRecipe();
    window.addEventListener('hashchange', consume);
    return () => window.removeEventListener('hashchange', consume);
  }, []);
}
