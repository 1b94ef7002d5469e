import { describe, expect, it } from 'vitest';
import type { FramePlan } from './plan.ts';
import { layoutByArea, layoutFrame } from './frame-layout.ts';

const frame = (overrides: Partial<FramePlan> = {}): FramePlan => ({
  cropToSubject: false,
  fit: 'crop',
  cropGravity: 'center',
  unsizedTarget: 'input',
  ...overrides,
});
const px = (n: number) => ({ px: n });
const pad = (n: number) => ({ top: px(n), right: px(n), bottom: px(n), left: px(n) });
const subject = { left: 30, top: 40, width: 100, height: 50 };
const image = { imageWidth: 200, imageHeight: 200 };

describe('layoutFrame', () => {
  it('keeps the image as it is when nothing is sized', () => {
    const layout = layoutFrame({
      ...image,
      frame: frame(),
      content: { left: 0, top: 0, width: 200, height: 200 },
    });
    expect(layout.canvas).toEqual({ width: 200, height: 200 });
    expect(layout.scaled).toEqual({ width: 200, height: 200 });
    expect(layout.offset).toEqual({ left: 0, top: 0 });
  });

  it('scales a clipped subject back to the input size (Claid clipping, no resizing)', () => {
    const layout = layoutFrame({ ...image, frame: frame({ cropToSubject: true }), content: subject });
    expect(layout.canvas).toEqual({ width: 200, height: 200 });
    // crop = cover: 100×50 → 400×200, centred, cut to 200×200
    expect(layout.scaled).toEqual({ width: 400, height: 200 });
    expect(layout.offset).toEqual({ left: -100, top: 0 });
  });

  it('keeps the clipped region as it is for unsizedTarget subject, padding added around', () => {
    const layout = layoutFrame({
      ...image,
      frame: frame({ cropToSubject: true, unsizedTarget: 'subject', fit: 'canvas', padding: pad(10) }),
      content: subject,
    });
    expect(layout.canvas).toEqual({ width: 120, height: 70 });
    expect(layout.offset).toEqual({ left: 10, top: 10 });
    expect(layout.scaled).toEqual({ width: 100, height: 50 });
  });

  it('puts the item at the padding distance on a canvas (Deep-Image item cropping)', () => {
    const layout = layoutFrame({
      ...image,
      frame: frame({
        cropToSubject: true,
        fit: 'canvas',
        width: px(1000),
        height: px(1000),
        padding: pad(100),
      }),
      content: subject,
    });
    expect(layout.canvas).toEqual({ width: 1000, height: 1000 });
    expect(layout.scaled).toEqual({ width: 800, height: 400 });
    expect(layout.offset).toEqual({ left: 100, top: 300 });
  });

  it('measures percent padding against the output size', () => {
    const layout = layoutFrame({
      ...image,
      frame: frame({
        cropToSubject: true,
        fit: 'canvas',
        width: px(400),
        height: px(200),
        padding: {
          top: { percent: 10 },
          bottom: { percent: 10 },
          left: { percent: 25 },
          right: { percent: 25 },
        },
      }),
      content: subject,
    });
    // inner 200×160; 100×50 contained → 200×100
    expect(layout.clip).toEqual({ left: 100, top: 20, width: 200, height: 160 });
    expect(layout.scaled).toEqual({ width: 200, height: 100 });
    expect(layout.offset).toEqual({ left: 100, top: 50 });
  });

  it('bounds fits inside, cover covers, both without a fixed canvas', () => {
    const content = { left: 0, top: 0, width: 200, height: 100 };
    const bounds = layoutFrame({
      ...image,
      frame: frame({ fit: 'bounds', width: px(100), height: px(100) }),
      content,
    });
    expect(bounds.canvas).toEqual({ width: 100, height: 50 });
    const cover = layoutFrame({
      ...image,
      frame: frame({ fit: 'cover', width: px(100), height: px(100) }),
      content,
    });
    expect(cover.canvas).toEqual({ width: 200, height: 100 });
  });

  it('crops to fill the box, anchored by the focus for content gravity', () => {
    const content = { left: 0, top: 0, width: 200, height: 100 };
    const centre = layoutFrame({ ...image, frame: frame({ width: px(100), height: px(100) }), content });
    expect(centre.canvas).toEqual({ width: 100, height: 100 });
    expect(centre.offset).toEqual({ left: -50, top: 0 });
    const right = layoutFrame({
      ...image,
      frame: frame({ width: px(100), height: px(100), cropGravity: 'content' }),
      content,
      focus: { x: 0.9, y: 0.5 },
    });
    expect(right.offset).toEqual({ left: -100, top: 0 });
  });

  it('derives the missing side from the aspect ratio and honours min_length', () => {
    const content = { left: 0, top: 0, width: 200, height: 100 };
    const one = layoutFrame({ ...image, frame: frame({ width: px(50) }), content });
    expect(one.canvas).toEqual({ width: 50, height: 25 });
    const grown = layoutFrame({ ...image, frame: frame({ minLength: 300 }), content });
    expect(grown.canvas).toEqual({ width: 600, height: 300 });
  });

  it('scales pixel lengths for a preview', () => {
    const layout = layoutFrame({
      ...image,
      frame: frame({ fit: 'canvas', width: px(1000), height: px(500) }),
      content: { left: 0, top: 0, width: 200, height: 200 },
      pxScale: 0.5,
    });
    expect(layout.canvas).toEqual({ width: 500, height: 250 });
  });
});

describe('layoutByArea', () => {
  it('gives the object the asked share of the canvas, centred', () => {
    const layout = layoutByArea(
      { width: 1000, height: 1000 },
      { left: 0, top: 0, width: 100, height: 100 },
      0.25,
    );
    expect(layout.scaled).toEqual({ width: 500, height: 500 });
    expect(layout.offset).toEqual({ left: 250, top: 250 });
  });

  it('never lets the object leave the canvas', () => {
    const layout = layoutByArea(
      { width: 1000, height: 500 },
      { left: 0, top: 0, width: 100, height: 400 },
      0.9,
    );
    expect(layout.scaled.height).toBeLessThanOrEqual(500);
  });
});
