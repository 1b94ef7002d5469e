// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { initialRequests, useEditor } from '../state/editor-store.ts';
import { MaskSession } from './mask-session.ts';
import { createRaster } from './raster.ts';

beforeEach(() =>
  useEditor.setState({ dialect: 'claid', requests: initialRequests(), past: [], future: [], lastEdit: null }),
);

/** 12×4 mask with the subject in columns 4..7. */
function session() {
  const base = createRaster(12, 4);
  for (let y = 0; y < 4; y++) base.data.fill(255, y * 12 + 4, y * 12 + 8);
  return new MaskSession({ photoId: 'p', base });
}
const row = (s: MaskSession, y = 1) => [...s.adjusted.data.subarray(y * 12, y * 12 + 12)];

describe('MaskSession', () => {
  it('makes every stroke one step of the editor history, undone and redone through it', async () => {
    const s = session();
    let saves = 0;
    s.onCommit = () => saves++;
    s.beginStroke({ x: 5.5, y: 1.5 }, { mode: 'erase', radius: 1, hardness: 1 }, false);
    s.extendStroke([{ x: 6.5, y: 1.5 }]);
    s.endStroke(null);
    expect(row(s)).toEqual([0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0]);
    expect(useEditor.getState().past).toHaveLength(1);
    useEditor.getState().undo();
    expect(s.restore(useEditor.getState().touchup!)).toBe(true);
    expect(row(s)).toEqual([0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]);
    useEditor.getState().redo();
    s.restore(useEditor.getState().touchup!);
    await s.settled();
    expect(row(s)).toEqual([0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0]);
    expect(saves).toBe(3); // the stroke, the undo, the redo: each is saved
  });

  it('applies grow to the whole mask and to later strokes, and undoes it as one step', async () => {
    const s = session();
    s.setAdjustments({ grow: 1, feather: 0 }, 'grow');
    await s.settled();
    expect(row(s)).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0]);
    expect([...s.edited.data.subarray(12, 24)]).toEqual([0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]);
    s.beginStroke({ x: 10.5, y: 1.5 }, { mode: 'restore', radius: 1, hardness: 1 }, false);
    s.endStroke(null);
    expect(row(s)).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
    useEditor.getState().undo();
    useEditor.getState().undo();
    s.restore(useEditor.getState().touchup!);
    await s.settled();
    expect(row(s)).toEqual([0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]);
  });

  it('starts over as an undoable step', () => {
    const s = session();
    s.replace(new Uint8Array(48));
    expect(row(s)).toEqual(Array(12).fill(0));
    s.startOver();
    expect(row(s)).toEqual([0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]);
    expect(useEditor.getState().past).toHaveLength(2);
  });
});
