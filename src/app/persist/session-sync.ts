/**
 * Mirrors the session store into IndexedDB and restores it at start. Writes are diffs against the
 * previous state (a new result writes one record, not all of them), chained so they land in order.
 */
import { useSession, type Photo, type ResultEntry, type SessionState } from '../state/session-store.ts';
import { readAll, write, type Change } from './db.ts';

/** The small, non-blob part of the session that survives a reload. */
interface Meta {
  currentPhotoId: string | null;
  activeJob: SessionState['activeJob'];
  selectedResultId: string | null;
  executor: SessionState['executor'];
  compareMode: SessionState['compareMode'];
  backdrop: SessionState['backdrop'];
  resultOrder: string[];
}

const metaOf = (s: SessionState): Meta => ({
  currentPhotoId: s.currentPhotoId,
  activeJob: s.activeJob,
  selectedResultId: s.selectedResultId,
  executor: s.executor,
  compareMode: s.compareMode,
  backdrop: s.backdrop,
  resultOrder: s.results.map((r) => r.id),
});

export function diff(prev: SessionState, next: SessionState): Change[] {
  const changes: Change[] = [];
  if (prev.photos !== next.photos) {
    for (const [id, p] of Object.entries(next.photos)) {
      if (prev.photos[id] !== p) changes.push({ store: 'photos', key: id, value: p });
    }
    for (const id of Object.keys(prev.photos)) {
      if (!next.photos[id]) changes.push({ store: 'photos', key: id, value: undefined });
    }
  }
  if (prev.results !== next.results) {
    const before = new Map(prev.results.map((r) => [r.id, r]));
    for (const r of next.results)
      if (before.get(r.id) !== r) changes.push({ store: 'results', key: r.id, value: r });
    const after = new Set(next.results.map((r) => r.id));
    for (const id of before.keys())
      if (!after.has(id)) changes.push({ store: 'results', key: id, value: undefined });
  }
  // The Replace panel's uploaded backdrop is a blob: compared by identity, stored under its own key.
  if (prev.backdropImage !== next.backdropImage) {
    changes.push({ store: 'meta', key: 'replace-upload', value: next.backdropImage ?? undefined });
  }
  const m1 = metaOf(prev);
  const m2 = metaOf(next);
  if (JSON.stringify(m1) !== JSON.stringify(m2)) changes.push({ store: 'meta', key: 'session', value: m2 });
  return changes;
}

let queue: Promise<void> = Promise.resolve();
let markHydrated: () => void = () => {};
const hydrated = new Promise<void>((resolve) => (markHydrated = resolve));

/** Resolves once the saved session is back, so a photo dropped during start-up is not overwritten. */
export function whenHydrated(): Promise<void> {
  return hydrated;
}
let lastError: string | null = null;

/** Restores the session, then keeps IndexedDB in step. Call once at start. */
export async function startSessionSync(onError: (message: string) => void): Promise<void> {
  try {
    const [photos, results, meta] = await Promise.all([
      readAll<Photo>('photos'),
      readAll<ResultEntry>('results'),
      readAll<unknown>('meta'),
    ]);
    const m = meta.get('session') as Meta | undefined;
    const replaceUpload = meta.get('replace-upload') as SessionState['backdropImage'] | undefined;
    const order = m?.resultOrder ?? [...results.keys()];
    useSession.setState({
      photos: Object.fromEntries(photos),
      results: order.map((id) => results.get(id)).filter((r): r is ResultEntry => r !== undefined),
      backdropImage: replaceUpload ?? null,
      ...(m
        ? {
            currentPhotoId: m.currentPhotoId && photos.has(m.currentPhotoId) ? m.currentPhotoId : null,
            activeJob: m.activeJob,
            selectedResultId: m.selectedResultId,
            executor: m.executor,
            compareMode: m.compareMode,
            backdrop: m.backdrop,
          }
        : {}),
    });
  } catch (error) {
    onError(`Saved photos and results could not be restored (${(error as Error).message}).`);
  }
  useSession.setState({ hydrated: true });
  markHydrated();
  useSession.subscribe((next, prev) => {
    const changes = diff(prev, next);
    if (changes.length === 0) return;
    queue = queue
      .then(() => write(changes))
      .catch((error: Error) => {
        // Say it once, not on every write: private windows or a full disk make every write fail.
        if (lastError !== error.message)
          onError(`Could not save to this browser’s storage: ${error.message}`);
        lastError = error.message;
      });
  });
}
