import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fitTransform, MAX_SCALE, useView } from './view-store.ts';

const initial = useView.getState();
beforeEach(() => useView.setState(initial, true));

describe('view store', () => {
  it('fits the scene inside the pane, centred, with a margin', () => {
    const t = fitTransform({ width: 800, height: 600 }, { width: 1200, height: 1500 });
    expect(t.scale).toBeCloseTo((600 - 48) / 1500);
    expect(t.x).toBeCloseTo((800 - 1200 * t.scale) / 2);
    expect(t.y).toBeCloseTo(24);
  });

  it('zooming keeps the point under the cursor still, and stays within bounds', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 600 }),
        (k, px, py) => {
          useView.setState({ scale: 0.5, x: 37, y: -12, pane: { width: 800, height: 600 } });
          const before = useView.getState();
          const sceneX = (px - before.x) / before.scale;
          const sceneY = (py - before.y) / before.scale;
          useView.getState().zoomBy(k, { x: px, y: py });
          const after = useView.getState();
          expect(after.x + sceneX * after.scale).toBeCloseTo(px, 6);
          expect(after.y + sceneY * after.scale).toBeCloseTo(py, 6);
          expect(after.fitted).toBe(false);
        },
      ),
    );
    useView.getState().zoomBy(1e9);
    expect(useView.getState().scale).toBe(MAX_SCALE);
  });

  it('a new scene refits; 1:1 centres actual pixels; the split is clamped', () => {
    const v = useView.getState();
    v.setPane(1000, 500);
    v.zoomBy(3);
    v.setScene(100, 50);
    expect(useView.getState()).toMatchObject({ fitted: true });
    v.actualSize();
    expect(useView.getState()).toMatchObject({ scale: 1, x: 450, y: 225, fitted: false });
    v.setSplit(1.7);
    expect(useView.getState().split).toBe(1);
  });
});
