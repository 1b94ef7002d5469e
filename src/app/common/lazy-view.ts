/**
 * Views the empty editor does not show at its first paint (result details, the results strip, the
 * enlargement note, the preset dialogs) load apart from the initial JavaScript, and are fetched once the
 * page is idle after that paint, so the first click that shows one does not wait for the network.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

const pending: (() => Promise<unknown>)[] = [];
let scheduled = false;

function runWhenIdle(): void {
  const start = () => {
    scheduled = false;
    for (const load of pending.splice(0)) void load().catch(() => undefined);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1000);
}

/**
 * Queues `load` to run once the page is idle (requestIdleCallback, at most 3 s after the call; a 1 s
 * timer where the browser has none). A failed load is left for the view's own first render to retry.
 */
export function prefetchOnIdle(load: () => Promise<unknown>): void {
  pending.push(load);
  if (scheduled || typeof window === 'undefined') return;
  scheduled = true;
  // After the first paint: the idle callback is asked for from a frame callback.
  if ('requestAnimationFrame' in window) window.requestAnimationFrame(runWhenIdle);
  else runWhenIdle();
}

/**
 * React.lazy over `load`, with the chunk prefetched on idle. The import promise is kept, so the render
 * that needs the view reuses what the prefetch fetched; a failed import (offline, new deploy) is
 * forgotten so the next render retries it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same bound React.lazy has
export function lazyView<T extends ComponentType<any>>(
  load: () => Promise<{ default: T }>,
): LazyExoticComponent<T> {
  let loading: Promise<{ default: T }> | undefined;
  const once = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  prefetchOnIdle(once);
  return lazy(once);
}
