/**
 * The editor's state: the active dialect and one request per dialect, with undo/redo and persistence.
 *
 * Each dialect keeps its own request so switching never loses work. History holds whole snapshots
 * (requests are small), so undo restores exactly what was there, including which dialect was showing.
 */
import { create } from 'zustand';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import { defaultRequest, dialectIds, isDialect, setAt } from '../../recipe/index.ts';
import type { Dialect, Json, JsonObject } from '../../recipe/index.ts';
import { markEdit } from '../common/perf.ts';

export interface EditorSnapshot {
  dialect: Dialect;
  requests: Record<Dialect, JsonObject>;
  /** Where the mask touch-up stood (src/app/touchup keeps each version's pixels); not persisted. */
  touchup?: TouchupMark;
}

/** One state of a photo's touched-up mask: a raster version and the whole-mask adjustments. */
export interface TouchupMark {
  photoId: string;
  version: number;
  grow: number;
  feather: number;
}

export interface EditOptions {
  /**
   * Edits with the same key arriving within COALESCE_MS of each other become one undo step
   * (a slider drag, typing in a field). Defaults to the option's path.
   */
  coalesceKey?: string | null;
}

export interface EditorState extends EditorSnapshot {
  past: EditorSnapshot[];
  future: EditorSnapshot[];
  /** The last coalescable edit, so the next one with the same key can merge into it. */
  lastEdit: { key: string; at: number } | null;
  setDialect(dialect: Dialect): void;
  /** Sets (or with `undefined` deletes) the option at a dotted path of the active dialect's request. */
  setOption(path: string, value: Json | undefined, options?: EditOptions): void;
  /** Applies a change that touches several keys at once (a mode switch, turning a panel on). */
  editRequest(update: (request: JsonObject) => JsonObject, options?: EditOptions): void;
  /** Replaces a whole request (JSON editor Apply, translation, share link, legacy fix). */
  replaceRequest(dialect: Dialect, request: JsonObject): void;
  /** Replaces the requests of several dialects as one undo step, keeping the active dialect (a preset). */
  replaceRequests(requests: Partial<Record<Dialect, JsonObject>>): void;
  undo(): void;
  redo(): void;
  /** Back to the documented starting point for the active dialect (one undo step). */
  resetRequest(): void;
  /** A touch-up step (stroke, box, slider): one undo step, or merged like a slider drag by coalesceKey. */
  recordTouchup(mark: TouchupMark, options?: EditOptions): void;
  /** Where a touch-up session starts, without an undo step (undoing its first edit returns here). */
  startTouchup(mark: TouchupMark): void;
}

export const COALESCE_MS = 600;
export const HISTORY_LIMIT = 200;
export const EDITOR_STORAGE_KEY = 'backdrop.editor.v1';

export function initialRequests(): Record<Dialect, JsonObject> {
  return Object.fromEntries(dialectIds().map((d) => [d, defaultRequest(d)]));
}

const fallbacks = new Map<Dialect, JsonObject>();
/**
 * A dialect's request, or its documented start when the state has none yet (a dialect registered after
 * the store was made). The start is kept, so a selector gets the same object on every call.
 */
export function requestOf(requests: Record<Dialect, JsonObject>, dialect: Dialect): JsonObject {
  const request = requests[dialect];
  if (request) return request;
  if (!fallbacks.has(dialect)) fallbacks.set(dialect, defaultRequest(dialect));
  return fallbacks.get(dialect)!;
}

const snapshotOf = (s: EditorSnapshot): EditorSnapshot => ({
  dialect: s.dialect,
  requests: s.requests,
  touchup: s.touchup,
});

/** Pushes the current state onto the undo stack unless this edit merges into the previous one. */
function historyFor(state: EditorState, key: string | null, now: number) {
  const merges = key !== null && state.lastEdit?.key === key && now - state.lastEdit.at < COALESCE_MS;
  if (merges) return { past: state.past, future: [], lastEdit: { key, at: now } };
  const past = [...state.past, snapshotOf(state)].slice(-HISTORY_LIMIT);
  return { past, future: [], lastEdit: key === null ? null : { key, at: now } };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Persisted = Pick<EditorSnapshot, 'dialect' | 'requests'>;

/**
 * localStorage writes are synchronous and cost more than the whole edit → preview update, so edits are
 * written at most every PERSIST_DELAY_MS and at once when the page is hidden or unloaded (reload, close,
 * tab switch). Serialising happens at write time too, not on every keystroke.
 */
const PERSIST_DELAY_MS = 250;
let pendingWrite: { name: string; value: StorageValue<Persisted> } | null = null;
let writeTimer: ReturnType<typeof setTimeout> | undefined;

export function flushEditorStorage(): void {
  clearTimeout(writeTimer);
  if (!pendingWrite) return;
  const { name, value } = pendingWrite;
  pendingWrite = null;
  try {
    localStorage.setItem(name, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): editing goes on, only persistence is lost.
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flushEditorStorage);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushEditorStorage();
  });
}

const editorStorage: PersistStorage<Persisted> = {
  getItem(name) {
    try {
      const text = localStorage.getItem(name);
      return text === null ? null : (JSON.parse(text) as StorageValue<Persisted>);
    } catch {
      return null; // unreadable: start from the defaults rather than fail to load
    }
  },
  setItem(name, value) {
    pendingWrite = { name, value };
    clearTimeout(writeTimer);
    writeTimer = setTimeout(flushEditorStorage, PERSIST_DELAY_MS);
  },
  removeItem(name) {
    pendingWrite = null;
    localStorage.removeItem(name);
  },
};

/** What survives a reload: only the dialect and the requests, checked before use. */
function restore(persisted: unknown, current: EditorState): EditorState {
  if (!isJsonObject(persisted)) return current;
  const requests = { ...current.requests };
  const stored = persisted.requests;
  if (isJsonObject(stored)) {
    for (const d of dialectIds()) {
      const r = stored[d];
      if (isJsonObject(r)) requests[d] = r;
    }
  }
  const dialect = isDialect(persisted.dialect) ? persisted.dialect : current.dialect;
  return { ...current, dialect, requests };
}

export const useEditor = create<EditorState>()(
  persist(
    (set, get) => ({
      dialect: dialectIds()[0]!,
      requests: initialRequests(),
      past: [],
      future: [],
      lastEdit: null,

      setDialect(dialect) {
        if (get().dialect === dialect) return;
        // Not an undo step: the view changes, no request does.
        set({ dialect, lastEdit: null });
      },

      setOption(path, value, options) {
        const coalesceKey = options?.coalesceKey === undefined ? `option:${path}` : options.coalesceKey;
        get().editRequest((request) => setAt(request, path, value), { coalesceKey });
      },

      editRequest(update, options) {
        const state = get();
        const current = requestOf(state.requests, state.dialect);
        markEdit();
        const next = update(current);
        if (next === current || JSON.stringify(next) === JSON.stringify(current)) return;
        const key = options?.coalesceKey ? `${state.dialect}:${options.coalesceKey}` : null;
        set({
          ...historyFor(state, key, Date.now()),
          requests: { ...state.requests, [state.dialect]: next },
        });
      },

      replaceRequests(requests) {
        const state = get();
        set({
          ...historyFor(state, null, Date.now()),
          requests: { ...state.requests, ...definedOnly(requests) },
        });
      },
      replaceRequest(dialect, request) {
        const state = get();
        if (
          dialect === state.dialect &&
          JSON.stringify(request) === JSON.stringify(requestOf(state.requests, dialect))
        ) {
          return;
        }
        set({
          ...historyFor(state, null, Date.now()),
          dialect,
          requests: { ...state.requests, [dialect]: request },
        });
      },

      resetRequest() {
        const state = get();
        get().replaceRequest(state.dialect, defaultRequest(state.dialect));
      },

      recordTouchup(mark, options) {
        const key = options?.coalesceKey ? `touchup:${options.coalesceKey}` : null;
        set({ ...historyFor(get(), key, Date.now()), touchup: mark });
      },

      startTouchup: (touchup) => set({ touchup, lastEdit: null }),

      undo() {
        const { past, future } = get();
        const previous = past.at(-1);
        if (!previous) return;
        set({ ...previous, past: past.slice(0, -1), future: [snapshotOf(get()), ...future], lastEdit: null });
      },

      redo() {
        const { past, future } = get();
        const next = future[0];
        if (!next) return;
        set({ ...next, past: [...past, snapshotOf(get())], future: future.slice(1), lastEdit: null });
      },
    }),
    {
      name: EDITOR_STORAGE_KEY,
      version: 1,
      storage: editorStorage,
      partialize: (s): Persisted => ({ dialect: s.dialect, requests: s.requests }),
      merge: (persisted, current) => restore(persisted, current),
    },
  ),
);

/** The active dialect's request; components select this to re-render only when it changes. */
export const selectActiveRequest = (s: EditorState): JsonObject => requestOf(s.requests, s.dialect);

function definedOnly(requests: Partial<Record<Dialect, JsonObject>>): Record<Dialect, JsonObject> {
  return Object.fromEntries(
    Object.entries(requests).filter((entry): entry is [Dialect, JsonObject] => !!entry[1]),
  );
}
