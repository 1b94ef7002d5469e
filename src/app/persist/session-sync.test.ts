import { describe, expect, it } from 'vitest';
import { useSession, type Photo, type ResultEntry } from '../state/session-store.ts';
import { diff } from './session-sync.ts';

const base = useSession.getState();
const p1 = { id: 'p1', name: 'a.jpg' } as Photo;
const r1 = { id: 'j1', photoId: 'p1' } as ResultEntry;

describe('diff', () => {
  it('writes nothing when nothing persisted changed', () => {
    expect(diff(base, { ...base, hydrated: true, runError: { code: 'x', message: 'y' } })).toEqual([]);
  });

  it('writes a new photo and result record by record, and the meta once', () => {
    const next = { ...base, photos: { p1 }, currentPhotoId: 'p1', results: [r1], selectedResultId: 'j1' };
    const changes = diff(base, next);
    expect(changes.filter((c) => c.store === 'photos')).toEqual([{ store: 'photos', key: 'p1', value: p1 }]);
    expect(changes.filter((c) => c.store === 'results')).toEqual([
      { store: 'results', key: 'j1', value: r1 },
    ]);
    const meta = changes.filter((c) => c.store === 'meta');
    expect(meta).toHaveLength(1);
    expect(meta[0]!.value).toMatchObject({
      currentPhotoId: 'p1',
      selectedResultId: 'j1',
      resultOrder: ['j1'],
    });
  });

  it('deletes what went away', () => {
    const before = { ...base, photos: { p1 }, results: [r1] };
    const changes = diff(before, { ...before, photos: {}, results: [] });
    expect(changes).toContainEqual({ store: 'photos', key: 'p1', value: undefined });
    expect(changes).toContainEqual({ store: 'results', key: 'j1', value: undefined });
  });
});
