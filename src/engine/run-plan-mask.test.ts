import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { runPlanWith, type Segmenter } from './run-plan.ts';
import {
  BG,
  SUBJECT,
  encodePhoto,
  exactSegmenter,
  makePlan,
  rawPixels,
  syntheticPhoto,
} from './render/synthetic.ts';
import type { Rect } from './render/mask-ops.ts';
import { sourceCache } from './source-cache.ts';

beforeEach(() => sourceCache.clear());

/** 200×160 grey mask, white inside `rect`. */
function maskPng(rect: Rect, width = 200, height = 160): Promise<Buffer> {
  const alpha = Buffer.alloc(width * height);
  for (let y = rect.top; y < rect.top + rect.height; y++)
    alpha.fill(255, y * width + rect.left, y * width + rect.left + rect.width);
  return sharp(alpha, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

describe('runPlan with a supplied mask', () => {
  it('uses the mask instead of segmenting, and says nothing about the model', async () => {
    const segmenter = exactSegmenter();
    // The mask keeps the left half of the red rectangle and a strip of background beside it.
    const mask = await maskPng({ left: 40, top: 40, width: 60, height: 80 });
    const result = await runPlanWith(segmenter, {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ background: { kind: 'color', hex: '#00FF00' }, subject: { hint: 'products' } }),
      mask,
    });
    expect(segmenter.calls.segment).toBe(0);
    const { at } = await rawPixels(result.data);
    expect(at(50, 60)).toEqual([...BG]); // background the mask kept
    expect(at(80, 60)).toEqual([...SUBJECT]); // subject inside the mask
    expect(at(110, 60)).toEqual([0, 255, 0]); // subject the mask erased
    expect(result.warnings.some((w) => /approximated/.test(w.message))).toBe(false);
    expect(Object.keys(result.timings)).toContain('mask');
    expect(Object.keys(result.timings)).not.toContain('segmenting');
  });

  it('scales the mask for a quick preview', async () => {
    const result = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan({ background: { kind: 'transparent' } }),
      mask: await maskPng({ left: 0, top: 0, width: 100, height: 160 }),
      maxSide: 100,
    });
    const { at, info } = await rawPixels(result.data);
    expect([info.width, info.height]).toEqual([100, 80]);
    expect(at(20, 40)[3]).toBe(255);
    expect(at(80, 40)[3]).toBe(0);
  });

  it('refuses a mask of another size than the photo', async () => {
    const error = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan(),
      mask: await maskPng({ left: 0, top: 0, width: 10, height: 10 }, 100, 100),
    }).catch((e: unknown) => e);
    expect((error as EngineError).code).toBe('bad-mask');
    expect((error as EngineError).message).toContain('the photo is 200×160');
  });
});

describe('runPlan with a subject box', () => {
  function recordingSegmenter(): Segmenter & { boxes: (Rect | undefined)[] } {
    const inner = exactSegmenter();
    const boxes: (Rect | undefined)[] = [];
    return { ...inner, boxes, segment: (image, opts) => (boxes.push(opts?.box), inner.segment(image, opts)) };
  }

  it('passes the box to the segmenter, in the preview’s pixels for a preview', async () => {
    const segmenter = recordingSegmenter();
    const image = await encodePhoto(syntheticPhoto());
    const subjectBox = { x: 60, y: 30, width: 80, height: 100 };
    await runPlanWith(segmenter, { image, plan: makePlan(), subjectBox });
    await runPlanWith(segmenter, { image, plan: makePlan(), subjectBox, maxSide: 100 });
    expect(segmenter.boxes).toEqual([
      { left: 60, top: 30, width: 80, height: 100 },
      { left: 30, top: 15, width: 40, height: 50 },
    ]);
  });

  it('keeps masks of different boxes apart in the cache', async () => {
    const segmenter = recordingSegmenter();
    const image = await encodePhoto(syntheticPhoto());
    await runPlanWith(segmenter, {
      image,
      plan: makePlan(),
      subjectBox: { x: 0, y: 0, width: 100, height: 100 },
    });
    await runPlanWith(segmenter, {
      image,
      plan: makePlan(),
      subjectBox: { x: 0, y: 0, width: 100, height: 100 },
    });
    await runPlanWith(segmenter, {
      image,
      plan: makePlan(),
      subjectBox: { x: 10, y: 0, width: 100, height: 100 },
    });
    expect(segmenter.boxes).toHaveLength(2);
  });

  it('refuses a box that reaches past the photo', async () => {
    const error = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(syntheticPhoto()),
      plan: makePlan(),
      subjectBox: { x: 150, y: 10, width: 60, height: 20 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('bad-box');
    expect((error as EngineError).message).toContain('reaches 210×30, past the photo');
  });
});
