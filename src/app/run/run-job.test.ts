import { describe, expect, it } from 'vitest';
import { defaultRequest, print } from '../../recipe/index.ts';
import type { Photo } from '../state/session-store.ts';
import { buildJobForm } from './run-job.ts';

const filePhoto = { id: 'p', name: 'bottle.jpg', blob: new Blob(['jpeg'], { type: 'image/jpeg' }) } as Photo;
const urlPhoto = { id: 'u', name: 'x.jpg', imageUrl: 'https://example.com/x.jpg' } as Photo;
const backdrop = { name: 'studio.png', blob: new Blob(['png'], { type: 'image/png' }) };

describe('buildJobForm', () => {
  it('sends the photo as a named file and the exact printed request', () => {
    const request = defaultRequest('claid');
    const form = buildJobForm({ photo: filePhoto, dialect: 'claid', request, executor: 'local' }, backdrop);
    expect((form.get('image') as File).name).toBe('bottle.jpg');
    expect(form.get('request')).toBe(print(request, 'claid'));
    expect(form.get('dialect')).toBe('claid');
    expect(form.get('executor')).toBe('local');
    expect(form.has('imageUrl')).toBe(false);
    // Claid has no replace: a backdrop left over from a Deep-Image session must not ride along.
    expect(form.has('backgroundImage')).toBe(false);
  });

  it('sends imageUrl for a URL photo, and the backdrop only when the request replaces the background', () => {
    const plain = buildJobForm(
      {
        photo: urlPhoto,
        dialect: 'deep-image',
        request: { background: { remove: 'auto' } },
        executor: 'local',
      },
      backdrop,
    );
    expect(plain.get('imageUrl')).toBe('https://example.com/x.jpg');
    expect(plain.has('image')).toBe(false);
    expect(plain.has('backgroundImage')).toBe(false);
    const replace = buildJobForm(
      {
        photo: urlPhoto,
        dialect: 'deep-image',
        request: { background: { remove: 'auto', replace: 'upload:studio.png' } },
        executor: 'local',
      },
      backdrop,
    );
    expect((replace.get('backgroundImage') as File).name).toBe('studio.png');
    const remote = buildJobForm(
      {
        photo: urlPhoto,
        dialect: 'deep-image',
        request: { background: { replace: 'https://example.com/b.jpg' } },
        executor: 'deep-image',
      },
      backdrop,
    );
    expect(remote.has('backgroundImage')).toBe(false);
  });

  it('sends a touched-up mask to every executor, and a subject box only to the local engine', () => {
    const request = defaultRequest('claid');
    const mask = { blob: new Blob(['png'], { type: 'image/png' }), width: 10, height: 10, updatedAt: 1 };
    const box = { x: 1, y: 2, width: 30, height: 40 };
    const masked = { ...filePhoto, subjectMask: mask, subjectBox: box };
    for (const executor of ['local', 'claid'] as const) {
      const form = buildJobForm({ photo: masked, dialect: 'claid', request, executor }, null);
      expect((form.get('mask') as File).name).toBe('mask.png');
      expect(form.has('subjectBox')).toBe(false); // the mask already says where the subject is
    }
    const boxed = { ...filePhoto, subjectBox: box };
    expect(
      buildJobForm({ photo: boxed, dialect: 'claid', request, executor: 'local' }, null).get('subjectBox'),
    ).toBe('1,2,30,40');
    expect(
      buildJobForm({ photo: boxed, dialect: 'claid', request, executor: 'claid' }, null).has('subjectBox'),
    ).toBe(false);
  });
});
