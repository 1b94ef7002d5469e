import { beforeEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../recipe/index.ts';
import {
  RESULTS_KEPT,
  selectCurrentPhoto,
  useSession,
  type Photo,
  type ResultEntry,
} from './session-store.ts';

const initial = useSession.getState();
const photo = (id: string): Photo => ({
  id,
  name: `${id}.jpg`,
  type: 'image/jpeg',
  bytes: 10,
  width: 4,
  height: 3,
  source: 'file',
  blob: new Blob(['x'], { type: 'image/jpeg' }),
  displayable: true,
});
const result = (id: string, photoId: string): ResultEntry => ({
  id,
  photoId,
  executor: 'local',
  dialect: 'claid',
  requestText: '{}',
  createdAt: 0,
  job: { id, status: 'done' } as JobView,
  blob: new Blob(['y'], { type: 'image/png' }),
});

beforeEach(() => useSession.setState(initial, true));

describe('session store', () => {
  it('shows a finished result when its photo is current, and keeps only the last results', () => {
    const s = useSession.getState();
    s.setPhoto(photo('p1'));
    for (let i = 0; i < RESULTS_KEPT + 3; i++) {
      s.startJob({
        id: `j${i}`,
        photoId: 'p1',
        dialect: 'claid',
        executor: 'local',
        requestText: '{}',
        startedAt: i,
      });
      s.finishJob(result(`j${i}`, 'p1'));
    }
    const after = useSession.getState();
    expect(after.results).toHaveLength(RESULTS_KEPT);
    expect(after.results[0]!.id).toBe(`j${RESULTS_KEPT + 2}`);
    expect(after.selectedResultId).toBe(`j${RESULTS_KEPT + 2}`);
    expect(after.activeJob).toBeNull();
  });

  it('a failed run keeps the photo, results and selection, and records the error', () => {
    const s = useSession.getState();
    s.setPhoto(photo('p1'));
    s.finishJob(result('j1', 'p1'));
    s.startJob({
      id: 'j2',
      photoId: 'p1',
      dialect: 'claid',
      executor: 'claid',
      requestText: '{}',
      startedAt: 1,
    });
    s.finishJob(null, { code: 'no-credits', message: 'Out of credits.' });
    const after = useSession.getState();
    expect(after.runError?.code).toBe('no-credits');
    expect(after.results.map((r) => r.id)).toEqual(['j1']);
    expect(after.selectedResultId).toBe('j1');
    expect(selectCurrentPhoto(after)?.id).toBe('p1');
  });

  it('drops photos nothing refers to, keeps those results still use, and brings one back on select', () => {
    const s = useSession.getState();
    s.setPhoto(photo('p1'));
    s.finishJob(result('j1', 'p1'));
    s.setPhoto(photo('p2'));
    s.setPhoto(photo('p3'));
    expect(Object.keys(useSession.getState().photos).sort()).toEqual(['p1', 'p3']);
    s.selectResult('j1');
    expect(useSession.getState().currentPhotoId).toBe('p1');
    s.removeResult('j1');
    expect(Object.keys(useSession.getState().photos)).toEqual(['p1']);
  });

  it('picks at most two results to compare, the newest pick replacing the oldest', () => {
    const s = useSession.getState();
    s.toggleCompare('a');
    s.toggleCompare('b');
    s.toggleCompare('c');
    expect(useSession.getState().compareIds).toEqual(['b', 'c']);
    s.toggleCompare('b');
    expect(useSession.getState().compareIds).toEqual(['c']);
  });

  it('cycles the compare views slider → side → toggle → slider', () => {
    const seen = [useSession.getState().compareMode];
    for (let i = 0; i < 3; i++) {
      useSession.getState().cycleCompareMode();
      seen.push(useSession.getState().compareMode);
    }
    expect(seen).toEqual(['slider', 'side', 'toggle', 'slider']);
  });
});
