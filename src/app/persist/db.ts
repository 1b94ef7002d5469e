/**
 * A very small IndexedDB wrapper: three object stores, whole-record puts and deletes. Blobs are
 * stored as Blobs (IndexedDB keeps them natively), so a reload brings back the photo and results
 * without re-encoding anything.
 */
const DB_NAME = 'backdrop';
const DB_VERSION = 1;
export type StoreName = 'photos' | 'results' | 'meta';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const name of ['photos', 'results', 'meta']) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened.'));
    req.onblocked = () =>
      reject(new Error('IndexedDB is blocked by another Backdrop tab; close it and reload.'));
  });
  opening.catch(() => (opening = null));
  return opening;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted (storage full?).'));
  });
}

export interface Change {
  store: StoreName;
  key: string;
  /** undefined deletes the record. */
  value: unknown;
}

/** Applies several puts/deletes atomically. */
export async function write(changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  const db = await open();
  const tx = db.transaction(['photos', 'results', 'meta'], 'readwrite');
  for (const c of changes) {
    const store = tx.objectStore(c.store);
    if (c.value === undefined) store.delete(c.key);
    else store.put(c.value, c.key);
  }
  await done(tx);
}

/** Every record of a store, keyed. */
export async function readAll<T>(store: StoreName): Promise<Map<string, T>> {
  const db = await open();
  const tx = db.transaction(store, 'readonly');
  const os = tx.objectStore(store);
  const [keys, values] = await Promise.all([
    new Promise<IDBValidKey[]>((res, rej) => {
      const r = os.getAllKeys();
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    }),
    new Promise<T[]>((res, rej) => {
      const r = os.getAll();
      r.onsuccess = () => res(r.result as T[]);
      r.onerror = () => rej(r.error);
    }),
  ]);
  return new Map(keys.map((k, i) => [String(k), values[i]!]));
}
