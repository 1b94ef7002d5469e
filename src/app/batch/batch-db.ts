/**
 * The batch's own IndexedDB database: `meta` (the batch record), `items` (one record per item, with its
 * small thumbnails), `inputs` and `results` (the photos' and results' bytes, keyed by item id). Kept
 * apart from the editor session's database so either can change its schema alone.
 */
import { openDatabase, type Change } from '../persist/db.ts';

export type BatchStore = 'meta' | 'items' | 'inputs' | 'results';
export type BatchChange = Change<BatchStore>;

export const batchDb = openDatabase<BatchStore>('backdrop-batch', 1, ['meta', 'items', 'inputs', 'results']);

/** The key of the one batch record in `meta`. */
export const META_KEY = 'batch';
