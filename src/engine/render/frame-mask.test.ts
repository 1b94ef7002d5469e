/**
 * The compliance check's framed mask is the alpha the render shows: for an enlarging layout (generate's
 * item area) and a reducing one, frameMask of the matte equals the alpha channel placeLayer draws.
 */
import { describe, expect, it } from 'vitest';
import { layoutByArea } from '../../recipe/index.ts';
import { discMatte, type Disc } from '../testing/enlarge-scenes.ts';
import { frameMask } from './frame-mask.ts';
import { placeLayer } from './frame.ts';
import { subjectBounds } from './mask-ops.ts';

const SIZE = 240;
const DISC: Disc = { cx: SIZE / 2 + 0.3, cy: SIZE / 2 - 0.2, r: 95 };

async function renderedAndFramed(canvasSide: number) {
  const matte = discMatte(SIZE, SIZE, DISC);
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let i = 0; i < SIZE * SIZE; i++) rgba.set([200, 110, 40, matte[i]!], i * 4);
  const layer = { width: SIZE, height: SIZE, channels: 4 as const, pixels: async () => rgba };
  const layout = layoutByArea(
    { width: canvasSide, height: canvasSide },
    subjectBounds(matte, SIZE, SIZE)!,
    0.65,
  );
  const placed = (await placeLayer(layer, layout))!;
  const mask = await frameMask(matte, SIZE, SIZE, layout);
  let differing = 0;
  let maxDiff = 0;
  for (let y = 0; y < placed.height; y++)
    for (let x = 0; x < placed.width; x++) {
      const shown = placed.data[(y * placed.width + x) * 4 + 3]!;
      const framed = mask.data[(placed.top + y) * mask.width + placed.left + x]!;
      if (shown !== framed) differing++;
      maxDiff = Math.max(maxDiff, Math.abs(shown - framed));
    }
  return { scale: layout.scaled.width / layout.source.width, differing, maxDiff };
}

describe('frameMask', () => {
  it('enlarges the matte as the render enlarges the cut-out (enlargeMatte): the same alpha, pixel for pixel', async () => {
    const { scale, differing } = await renderedAndFramed(1200);
    expect(scale).toBeGreaterThan(4);
    expect(differing).toBe(0);
  });

  it('reduces it as the render does (lanczos3): within one level of the alpha shown', async () => {
    const { scale, maxDiff } = await renderedAndFramed(120);
    expect(scale).toBeLessThan(1);
    expect(maxDiff).toBeLessThanOrEqual(1);
  });
});
