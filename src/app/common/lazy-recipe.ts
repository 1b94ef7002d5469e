/**
 * The one door to the request model's lazy entry (src/recipe/lazy.ts: share links + fflate, snippets,
 * plan conversion, translate). It is a dynamic import so none of that weighs on the first paint; the
 * promise is cached, so callers can `await` it or hand it to React's `use()` inside a Suspense boundary.
 */
// A type-only import is erased from the bundle; the code itself comes in through import() below.
import type * as LazyRecipeModule from '../../recipe/lazy.ts';
import { prefetchOnIdle } from './lazy-view.ts';

export type LazyRecipe = typeof LazyRecipeModule;

let loading: Promise<LazyRecipe> | undefined;

export function loadLazyRecipe(): Promise<LazyRecipe> {
  loading ??= import('../../recipe/lazy.ts').catch((error: unknown) => {
    loading = undefined; // a failed chunk load (offline, new deploy) may be retried by the next caller
    throw error;
  });
  return loading;
}

/** Fetches the lazy entry once the page is idle, so Share/Translate/snippets answer without a wait. */
export function preloadLazyRecipe(): void {
  prefetchOnIdle(loadLazyRecipe);
}
