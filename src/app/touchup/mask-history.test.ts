import { describe, expect, it } from 'vitest';
import { MaskHistory } from './mask-history.ts';
import { createRaster, readRect, writeRect, type MaskRaster, type Rect } from './raster.ts';

/** An edit as the touch-up makes one: read the rect, change it, commit with the old bytes. */
function edit(history: MaskHistory, raster: MaskRaster, rect: Rect, value: number): number {
  const before = readRect(raster, rect);
  writeRect(raster, rect, new Uint8Array(rect.width * rect.height).fill(value));
  return history.commit(rect, before);
}

describe('MaskHistory', () => {
  it('moves back and forth between versions, rewriting only the edited rectangles', () => {
    const raster = createRaster(4, 2);
    const history = new MaskHistory(raster);
    const base = history.current;
    const first = edit(history, raster, { left: 0, top: 0, width: 2, height: 1 }, 255);
    const second = edit(history, raster, { left: 1, top: 0, width: 2, height: 2 }, 100);
    expect([...raster.data]).toEqual([255, 100, 100, 0, 0, 100, 100, 0]);
    expect(history.checkout(first)).toEqual({ left: 1, top: 0, width: 2, height: 2 });
    expect([...raster.data]).toEqual([255, 255, 0, 0, 0, 0, 0, 0]);
    expect(history.checkout(base)).toEqual({ left: 0, top: 0, width: 2, height: 1 });
    expect([...raster.data]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(history.checkout(second)).toEqual({ left: 0, top: 0, width: 3, height: 2 });
    expect([...raster.data]).toEqual([255, 100, 100, 0, 0, 100, 100, 0]);
    expect(history.checkout(second)).toBeNull();
  });

  it('drops the versions ahead when a new edit follows an undo', () => {
    const raster = createRaster(2, 1);
    const history = new MaskHistory(raster);
    const base = history.current;
    const ahead = edit(history, raster, { left: 0, top: 0, width: 1, height: 1 }, 9);
    history.checkout(base);
    const other = edit(history, raster, { left: 1, top: 0, width: 1, height: 1 }, 7);
    expect(history.has(ahead)).toBe(false);
    expect(history.checkout(ahead)).toBeUndefined();
    expect(history.checkout(base)).not.toBeUndefined();
    history.checkout(other);
    expect([...raster.data]).toEqual([0, 7]);
  });

  it('forgets the oldest versions beyond its byte budget', () => {
    const raster = createRaster(4, 1);
    const history = new MaskHistory(raster, 8); // each 2-px edit costs 4 bytes (before + after)
    const base = history.current;
    const one = edit(history, raster, { left: 0, top: 0, width: 2, height: 1 }, 1);
    const two = edit(history, raster, { left: 2, top: 0, width: 2, height: 1 }, 2);
    const three = edit(history, raster, { left: 0, top: 0, width: 2, height: 1 }, 3);
    // 12 bytes of patches: the base goes, and `one` becomes the oldest kept state (its patch dropped).
    expect([base, one].map((id) => history.has(id))).toEqual([false, true]);
    expect(history.checkout(base)).toBeUndefined();
    expect(history.checkout(two)).toEqual({ left: 0, top: 0, width: 2, height: 1 });
    expect([...raster.data]).toEqual([1, 1, 2, 2]);
    history.checkout(one);
    expect([...raster.data]).toEqual([1, 1, 0, 0]);
    expect(history.checkout(three)).not.toBeUndefined();
  });
});
