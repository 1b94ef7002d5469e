/**
 * The part of the batch feature in the first paint: which view the centre shows, a one-line summary
 * for the header, and the doors into the batch (several files, a folder, a ZIP). Everything else, the
 * grid, uploads and the watcher, loads on first use (batch/runtime.ts), or at start when a batch was
 * saved before a reload.
 */
import { create } from 'zustand';
import { batchDb, META_KEY } from './batch-db.ts';

export interface BatchSummary {
  total: number;
  done: number;
  failed: number;
  /** Items queued or running on the server. */
  active: number;
}

interface BatchShellState {
  /** Which the centre column shows. */
  view: 'single' | 'batch';
  /** null when there is no batch. */
  summary: BatchSummary | null;
  setView(view: 'single' | 'batch'): void;
}

const VIEW_KEY = 'backdrop.batch.view';

export const useBatchShell = create<BatchShellState>()((set) => ({
  view: 'single',
  summary: null,
  setView(view) {
    set({ view });
    try {
      localStorage.setItem(VIEW_KEY, view);
    } catch {
      // storage disabled: the view is simply not remembered
    }
  },
}));

/** The view that showed when the tab was last closed (a restored batch opens in it). */
export function savedView(): 'single' | 'batch' {
  try {
    return localStorage.getItem(VIEW_KEY) === 'single' ? 'single' : 'batch';
  } catch {
    return 'batch';
  }
}

const loadRuntime = () => import('./runtime.ts');

/** Whether an offer of files should start or grow a batch rather than replace the single photo. */
export function isBatchOffer(files: readonly File[]): boolean {
  if (files.length > 1) return true;
  const file = files[0];
  if (!file) return false;
  if (useBatchShell.getState().view === 'batch') return true;
  return isZipName(file.name) || file.type === 'application/zip' || relativePath(file).includes('/');
}

export const isZipName = (name: string) => /\.zip$/i.test(name);

/** A file's path inside a dropped or picked folder (`shoes/red.jpg`), or its bare name. */
export function relativePath(file: File): string {
  const given = file.webkitRelativePath || (file as File & { path?: string }).path || file.name;
  return given.replace(/^\.?\//, '');
}

/** Adds files (photos, folders' contents, ZIPs) to the batch and shows it. */
export async function offerToBatch(files: readonly File[]): Promise<void> {
  useBatchShell.getState().setView('batch');
  const runtime = await loadRuntime();
  await runtime.addFiles(files);
}

let restoring: Promise<void> | null = null;

/** At start: bring back a batch saved before a reload (and resume watching it), if there is one. */
export function restoreSavedBatch(onError: (message: string) => void): Promise<void> {
  restoring ??= batchDb
    .read('meta', META_KEY)
    .then(async (saved) => {
      if (saved) await (await loadRuntime()).restore();
    })
    .catch((error: Error) => onError(`The saved batch could not be restored (${error.message}).`));
  return restoring;
}
