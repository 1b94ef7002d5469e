import { describe, expect, it } from 'vitest';
import { photoPlacement } from './photo-placement.ts';

const text = (request: object) => JSON.stringify(request);

describe('photoPlacement', () => {
  it('lays the photo over the whole result when nothing reframes it', () => {
    const p = photoPlacement('claid', text({}), { width: 800, height: 600 }, { width: 800, height: 600 });
    expect(p).toEqual({ kind: 'placed', rect: { left: 0, top: 0, width: 800, height: 600 } });
  });

  it('puts a padded, resized photo where the framing put it', () => {
    // 800×600 into a 1000×1000 canvas: scaled to 1000×750, centred with 125 px above and below.
    const request = text({ operations: { resizing: { width: 1000, height: 1000, fit: 'canvas' } } });
    const p = photoPlacement('claid', request, { width: 800, height: 600 }, { width: 1000, height: 1000 });
    expect(p).toEqual({ kind: 'placed', rect: { left: 0, top: 125, width: 1000, height: 750 } });
  });

  it('lets a centre crop reach past the result, and follows a result delivered at half the size', () => {
    const request = text({ operations: { resizing: { width: 600, height: 600, fit: 'crop' } } });
    const p = photoPlacement('claid', request, { width: 800, height: 600 }, { width: 300, height: 300 });
    expect(p).toEqual({ kind: 'placed', rect: { left: -50, top: 0, width: 400, height: 300 } });
  });

  it('says why not when the framing depended on the object, or the size does not match', () => {
    const cropped = text({ operations: { background: { remove: { clipping: true } } } });
    const apart = photoPlacement('claid', cropped, { width: 800, height: 600 }, { width: 320, height: 410 });
    expect(apart).toEqual({ kind: 'apart', why: expect.stringContaining('cropped to the object') });
    const generated = text({ background: { generate: { description: 'x' } } });
    expect(
      photoPlacement('deep-image', generated, { width: 8, height: 6 }, { width: 8, height: 6 }).kind,
    ).toBe('apart');
    const other = photoPlacement('claid', text({}), { width: 800, height: 600 }, { width: 500, height: 500 });
    expect(other).toEqual({ kind: 'apart', why: expect.stringContaining('not the 800 × 600') });
  });
});
