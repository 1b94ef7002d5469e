/**
 * A very small IndexedDB wrapper: named object stores, whole-record puts and deletes. Blobs are
 * stored as Blobs (IndexedDB keeps them natively, on disk), so a reload brings back photos and results
 * without re-encoding anything. The editor session uses the `backdrop` database; the batch view keeps
 * its own (`openDatabase`), so neither has to upgrade the other's schema.
 */
export type StoreName = 'photos' | 'results' | 'meta';

export interface Change<S extends string = StoreName> {
  store: S;
  key: string;
  /** undefined deletes the record. */
  value: unknown;
}

export interface Database<S extends string> {
  /** Applies several puts/deletes atomically (one transaction over the stores they touch). */
  write(changes: Change<S>[]): Promise<void>;
  /** Every record of a store, keyed. */
  readAll<T>(store: S): Promise<Map<string, T>>;
  /** One record, or undefined. */
  read<T>(store: S, key: string): Promise<T | undefined>;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted (storage full?).'));
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed.'));
  });
}

/** Opens (lazily, once) a database whose object stores are `stores`; a new store means a new `version`. */
export function openDatabase<S extends string>(
  name: string,
  version: number,
  stores: readonly S[],
): Database<S> {
  let opening: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    opening ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(name, version);
      req.onupgradeneeded = () => {
        for (const store of stores) {
          if (!req.result.objectStoreNames.contains(store)) req.result.createObjectStore(store);
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened.'));
      req.onblocked = () =>
        reject(new Error('IndexedDB is blocked by another Backdrop tab; close it and reload.'));
    });
    opening.catch(() => (opening = null));
    return opening;
  };
  return {
    async write(changes) {
      if (changes.length === 0) return;
      const db = await open();
      const tx = db.transaction([...new Set(changes.map((c) => c.store))], 'readwrite');
      for (const c of changes) {
        const store = tx.objectStore(c.store);
        if (c.value === undefined) store.delete(c.key);
        else store.put(c.value, c.key);
      }
      await done(tx);
    },
    async readAll<T>(store: S) {
      const os = (await open()).transaction(store, 'readonly').objectStore(store);
      const [keys, values] = await Promise.all([request(os.getAllKeys()), request(os.getAll())]);
      return new Map(keys.map((k, i) => [String(k), values[i] as T]));
    },
    async read<T>(store: S, key: string) {
      const os = (await open()).transaction(store, 'readonly').objectStore(store);
      return (await request(os.get(key))) as T | undefined;
    },
  };
}

const session = openDatabase<StoreName>('backdrop', 1, ['photos', 'results', 'meta']);

/** Applies several puts/deletes to the session database atomically. */
export const write = (changes: Change[]): Promise<void> => session.write(changes);

/** Every record of a session store, keyed. */
export const readAll = <T>(store: StoreName): Promise<Map<string, T>> => session.readAll<T>(store);
