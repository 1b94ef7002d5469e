import { describe, expect, it } from 'vitest';
import type { ExecutorInfo, Issue } from '../../recipe/index.ts';
import type { Photo } from '../state/session-store.ts';
import { readiness } from './run-readiness.ts';

const photo = { id: 'p', type: 'image/jpeg' } as Photo;
const STILLS = ['image/jpeg', 'image/png'];
const executors: ExecutorInfo[] = [
  {
    id: 'local',
    label: 'Local engine',
    available: true,
    dialects: ['claid', 'deep-image'],
    concurrency: 1,
    inputTypes: STILLS,
  },
  {
    id: 'claid',
    label: 'Claid',
    available: true,
    dialects: ['claid'],
    concurrency: 4,
    inputTypes: [...STILLS, 'image/heic'],
  },
  {
    id: 'deep-image',
    label: 'Deep-Image',
    available: false,
    reason: 'No DEEP_IMAGE_API_KEY is set on the server.',
    dialects: ['deep-image'],
    concurrency: 2,
    inputTypes: [...STILLS, 'image/heic'],
  },
];
const base = {
  photo,
  busy: false,
  issues: [] as Issue[],
  dialect: 'claid' as const,
  executor: 'local' as const,
  executors,
};

describe('readiness', () => {
  it('is ready with a photo, no errors and a local executor', () => {
    expect(readiness(base)).toEqual({ ok: true });
  });

  it('says what to do, in order: photo, busy, request errors, executor, dialect', () => {
    expect(readiness({ ...base, photo: null })).toMatchObject({ ok: false, kind: 'no-photo' });
    expect(readiness({ ...base, busy: true })).toMatchObject({ ok: false, kind: 'busy' });
    const issues: Issue[] = [
      { severity: 'warning', code: 'w', path: 'a', message: 'Just a warning.' },
      { severity: 'error', code: 'e1', path: 'operations.background.remove', message: 'Pick one.' },
      { severity: 'error', code: 'e2', path: 'output.format', message: 'Bad.' },
    ];
    expect(readiness({ ...base, issues })).toEqual({
      ok: false,
      kind: 'request',
      reason: 'Fix the request first (operations.background.remove): Pick one. and 1 more',
      path: 'operations.background.remove',
    });
    expect(readiness({ ...base, issues: [issues[0]!] })).toEqual({ ok: true });
    expect(readiness({ ...base, executor: 'deep-image', dialect: 'deep-image' })).toMatchObject({
      kind: 'executor',
      reason: 'No DEEP_IMAGE_API_KEY is set on the server.',
    });
    expect(readiness({ ...base, executor: 'claid', dialect: 'deep-image' })).toMatchObject({
      kind: 'dialect',
      reason: 'Claid runs Claid requests; this one is Deep-Image.',
    });
  });

  it('blocks a photo type the chosen executor cannot take, naming the ones that can', () => {
    const heic = { ...photo, type: 'image/heic' } as Photo;
    expect(readiness({ ...base, photo: heic })).toEqual({
      ok: false,
      kind: 'photo-type',
      reason:
        'This photo is HEIC, which the local engine cannot decode on this server. Export it as JPEG or PNG ' +
        '(on an iPhone: Settings › Camera › Formats › Most Compatible), or run it on Claid, which accepts HEIC.',
    });
    expect(readiness({ ...base, photo: heic, executor: 'claid' })).toEqual({ ok: true });
    const url = { ...photo, type: '' } as Photo;
    expect(readiness({ ...base, photo: url })).toEqual({ ok: true });
  });
});
