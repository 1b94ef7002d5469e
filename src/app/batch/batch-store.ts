/**
 * The catalogue batch on this side: one request over many photos. Items keep what the grid needs
 * (name, size, a small thumbnail, status, progress, the reason of a failure); the photos and results
 * themselves live in IndexedDB (batch-db.ts), never all at once in memory.
 */
import { create } from 'zustand';
import type { ApiError, ImageInfo, JobStatus } from '../../recipe/api-types.ts';
import type { ComplianceSummary } from '../../recipe/presets/types.ts';
import type { Dialect, ExecutorId } from '../../recipe/types.ts';

export type ItemStatus = JobStatus;

/**
 * Where a queued item's photo is on its way to the server: `draft` before Run, `waiting` for its turn
 * in the upload, `uploading`, then `sent` (the server has it; status comes from its job).
 */
export type Transfer = 'draft' | 'waiting' | 'uploading' | 'sent';

export interface BatchItem {
  /** Local id (also the key of the photo and result in IndexedDB). */
  id: string;
  /** The file name sent to the server, which names the result after it. */
  name: string;
  /** Where it came from inside a folder or ZIP, e.g. `spring/shoes/red.jpg`. */
  path?: string;
  /** MIME type sniffed from the bytes; '' when not an image. */
  type: string;
  bytes: number;
  /** Oriented size in pixels; 0 when unknown. */
  width: number;
  height: number;
  /** ≤ THUMB_MAX px WebP of the photo and, once done, of the result. */
  thumb?: Blob;
  resultThumb?: Blob;
  status: ItemStatus;
  transfer: Transfer;
  /** 0..1 of the running job. */
  progress: number;
  stage?: string;
  queuePosition?: number;
  error?: ApiError;
  /** The server's ids once sent. */
  serverItemId?: string;
  jobId?: string;
  /** Epoch ms of the job's start and end, as the server reports them. */
  startedAt?: number;
  finishedAt?: number;
  output?: ImageInfo;
  warnings: number;
  /** The marketplace check of a done result, when the batch runs for a preset. */
  compliance?: ComplianceSummary;
  /** True once the result's bytes are in IndexedDB. */
  resultSaved: boolean;
  /** How many times it was run again (retry, replaced photo). */
  attempts: number;
}

export interface BatchMeta {
  id: string;
  /** The server's batch id, once the first photos went up. */
  serverId: string | null;
  dialect: Dialect;
  executor: ExecutorId;
  /** The exact request text sent for every item (set at Run, never changed after). */
  requestText: string | null;
  /** Backdrop's finishing sent beside it (JSON text of the Finishing panel at Run); null or absent: none. */
  finishText?: string | null;
  /** The marketplace preset (id) every result is checked against, picked in the Preset menu at Run. */
  preset?: string | null;
  createdAt: number;
  /** When Run was pressed; null while the batch is a draft. */
  runAt: number | null;
  /** Set when the server stopped the whole batch (e.g. 402 no credits); done items stay. */
  stopped: ApiError | null;
}

export type ItemFilter = 'all' | ItemStatus;

export interface BatchState {
  meta: BatchMeta | null;
  order: string[];
  items: Record<string, BatchItem>;
  /** The item opened for compare + inspector, or null for the grid. */
  openItemId: string | null;
  filter: ItemFilter;

  start(meta: BatchMeta): void;
  setMeta(patch: Partial<BatchMeta>): void;
  addItems(items: BatchItem[]): void;
  updateItem(id: string, patch: Partial<BatchItem>): void;
  updateItems(patches: Map<string, Partial<BatchItem>>): void;
  removeItem(id: string): void;
  openItem(id: string | null): void;
  setFilter(filter: ItemFilter): void;
  clear(): void;
}

export const useBatch = create<BatchState>()((set, get) => ({
  meta: null,
  order: [],
  items: {},
  openItemId: null,
  filter: 'all',

  start: (meta) => set({ meta, order: [], items: {}, openItemId: null, filter: 'all' }),
  setMeta(patch) {
    const meta = get().meta;
    if (meta) set({ meta: { ...meta, ...patch } });
  },
  addItems(added) {
    const s = get();
    const items = { ...s.items };
    for (const item of added) items[item.id] = item;
    set({ items, order: [...s.order, ...added.map((i) => i.id).filter((id) => !s.items[id])] });
  },
  updateItem(id, patch) {
    const item = get().items[id];
    if (item) set({ items: { ...get().items, [id]: { ...item, ...patch } } });
  },
  updateItems(patches) {
    if (patches.size === 0) return;
    const items = { ...get().items };
    for (const [id, patch] of patches) if (items[id]) items[id] = { ...items[id], ...patch };
    set({ items });
  },
  removeItem(id) {
    const s = get();
    const { [id]: _gone, ...items } = s.items;
    set({
      items,
      order: s.order.filter((x) => x !== id),
      openItemId: s.openItemId === id ? null : s.openItemId,
    });
  },
  openItem: (openItemId) => set({ openItemId }),
  setFilter: (filter) => set({ filter }),
  clear: () => set({ meta: null, order: [], items: {}, openItemId: null, filter: 'all' }),
}));

export interface BatchCounts {
  total: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
}

export function countItems(items: Iterable<BatchItem>): BatchCounts {
  const counts: BatchCounts = { total: 0, queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const item of items) {
    counts.total++;
    counts[item.status]++;
  }
  return counts;
}

export const isOpenStatus = (status: ItemStatus) => status === 'queued' || status === 'running';
