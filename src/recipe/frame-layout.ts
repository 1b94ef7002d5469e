/**
 * Pure geometry of framing (plan.ts FramePlan: crop to subject → size into the box with `fit` → padding
 * inside the output). Shared by the engine, which renders it, and the editor, which warns before a run
 * that would enlarge the photo or its object beyond their own pixels (enlargement.ts).
 */
import type { FramePlan, Length } from './plan.ts';

/** A rectangle in pixels of the image being framed. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * What to lay out. Everything is in the pixels of the image being rendered; `pxScale` converts the
 * plan's pixel lengths when that image is a downscaled preview of the original.
 */
export interface FrameInput {
  frame: FramePlan;
  /** Size of the rendered image (the reference for percent widths/heights and `unsizedTarget: input`). */
  imageWidth: number;
  imageHeight: number;
  /** Region of the image that is the content: the subject's bounds when cropping, else the whole image. */
  content: Rect;
  /** Where to keep the crop centred for `cropGravity` content/smart, in content coordinates (0..1). */
  focus?: { x: number; y: number };
  pxScale?: number;
}

export interface FrameLayout {
  canvas: { width: number; height: number };
  /** Region of the rendered image that goes onto the canvas (before scaling). */
  source: Rect;
  /** Size the source region is scaled to. */
  scaled: { width: number; height: number };
  /** Top-left of the scaled region on the canvas; may be negative when `crop` cuts it. */
  offset: { left: number; top: number };
  /** Part of the canvas the content may cover (the box inside the padding); the rest is background. */
  clip: Rect;
}

interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

function lengthPx(length: Length | undefined, reference: number, pxScale: number): number | undefined {
  if (!length) return undefined;
  return 'px' in length ? length.px * pxScale : (length.percent / 100) * reference;
}

/** Padding against a known output size. */
function paddingFor(frame: FramePlan, width: number, height: number, pxScale: number): Padding {
  const p = frame.padding;
  if (!p) return { top: 0, right: 0, bottom: 0, left: 0 };
  return {
    top: lengthPx(p.top, height, pxScale) ?? 0,
    right: lengthPx(p.right, width, pxScale) ?? 0,
    bottom: lengthPx(p.bottom, height, pxScale) ?? 0,
    left: lengthPx(p.left, width, pxScale) ?? 0,
  };
}

/** Padding when the output is content + padding, so a percent padding is a share of that total. */
function paddingAround(frame: FramePlan, contentW: number, contentH: number, pxScale: number) {
  const p = frame.padding;
  if (!p) return { padding: { top: 0, right: 0, bottom: 0, left: 0 }, width: contentW, height: contentH };
  const split = (a: Length, b: Length, content: number) => {
    const px = (l: Length) => ('px' in l ? l.px * pxScale : 0);
    const share = (l: Length) => ('percent' in l ? l.percent / 100 : 0);
    const total = (content + px(a) + px(b)) / Math.max(0.1, 1 - share(a) - share(b));
    return [px(a) + share(a) * total, px(b) + share(b) * total, total] as const;
  };
  const [left, right, width] = split(p.left, p.right, contentW);
  const [top, bottom, height] = split(p.top, p.bottom, contentH);
  return { padding: { top, right, bottom, left }, width, height };
}

const clampSize = (v: number) => Math.max(1, Math.round(v));

/** Where a crop window of `inner` starts inside `scaled`, keeping `focus` (0..1) centred when possible. */
function cropStart(inner: number, scaled: number, focus: number): number {
  const ideal = focus * scaled - inner / 2;
  return Math.min(Math.max(0, ideal), Math.max(0, scaled - inner));
}

export function layoutFrame(input: FrameInput): FrameLayout {
  const { frame, imageWidth, imageHeight, content } = input;
  const pxScale = input.pxScale ?? 1;
  let boxW = lengthPx(frame.width, imageWidth, pxScale);
  let boxH = lengthPx(frame.height, imageHeight, pxScale);
  if (boxW === undefined && boxH === undefined && frame.cropToSubject && frame.unsizedTarget === 'input') {
    boxW = imageWidth;
    boxH = imageHeight;
  }
  // One side given: the other follows the content's aspect ratio.
  if (boxW !== undefined && boxH === undefined) boxH = (boxW * content.height) / content.width;
  if (boxH !== undefined && boxW === undefined) boxW = (boxH * content.width) / content.height;

  const minLength = frame.minLength ? frame.minLength * pxScale : 0;

  if (boxW === undefined || boxH === undefined) {
    // No box: the content keeps its size (or grows to min_length); padding is added around it.
    const grow = minLength > 0 ? Math.max(1, minLength / Math.min(content.width, content.height)) : 1;
    const scaled = { width: clampSize(content.width * grow), height: clampSize(content.height * grow) };
    const around = paddingAround(frame, scaled.width, scaled.height, pxScale);
    const offset = { left: Math.round(around.padding.left), top: Math.round(around.padding.top) };
    const canvas = {
      width: Math.max(scaled.width + offset.left, Math.round(around.width)),
      height: Math.max(scaled.height + offset.top, Math.round(around.height)),
    };
    return { canvas, source: content, scaled, offset, clip: { ...offset, ...scaled } };
  }

  if (minLength > 0 && Math.min(boxW, boxH) < minLength) {
    const grow = minLength / Math.min(boxW, boxH);
    boxW *= grow;
    boxH *= grow;
  }
  const pad = paddingFor(frame, boxW, boxH, pxScale);
  const innerW = Math.max(1, boxW - pad.left - pad.right);
  const innerH = Math.max(1, boxH - pad.top - pad.bottom);
  const coverScale = Math.max(innerW / content.width, innerH / content.height);
  const containScale = Math.min(innerW / content.width, innerH / content.height);
  const fit = frame.fit;
  const scale = fit === 'crop' || fit === 'cover' ? coverScale : containScale;
  const scaled = { width: clampSize(content.width * scale), height: clampSize(content.height * scale) };

  if (fit === 'cover' || fit === 'bounds') {
    // The box only bounds the scale; the output is the scaled content plus its padding.
    const offset = { left: Math.round(pad.left), top: Math.round(pad.top) };
    const canvas = {
      width: scaled.width + offset.left + Math.round(pad.right),
      height: scaled.height + offset.top + Math.round(pad.bottom),
    };
    return { canvas, source: content, scaled, offset, clip: { ...offset, ...scaled } };
  }

  const canvas = { width: clampSize(boxW), height: clampSize(boxH) };
  const clip = {
    left: Math.round(pad.left),
    top: Math.round(pad.top),
    width: clampSize(innerW),
    height: clampSize(innerH),
  };
  let offset: { left: number; top: number };
  if (fit === 'crop') {
    const focus = frame.cropGravity === 'center' || !input.focus ? { x: 0.5, y: 0.5 } : input.focus;
    offset = {
      left: clip.left - Math.round(cropStart(clip.width, scaled.width, focus.x)),
      top: clip.top - Math.round(cropStart(clip.height, scaled.height, focus.y)),
    };
  } else {
    offset = {
      left: clip.left + Math.round((clip.width - scaled.width) / 2),
      top: clip.top + Math.round((clip.height - scaled.height) / 2),
    };
  }
  return { canvas, source: content, scaled, offset, clip };
}

/** Generated backdrops place the object by area (Deep-Image `item_area_percentage`), centred. */
export function layoutByArea(
  canvas: { width: number; height: number },
  content: Rect,
  areaShare: number,
): FrameLayout {
  const margin = 0.96;
  const byArea = Math.sqrt((areaShare * canvas.width * canvas.height) / (content.width * content.height));
  const fits = Math.min((canvas.width * margin) / content.width, (canvas.height * margin) / content.height);
  const scale = Math.min(byArea, fits);
  const scaled = { width: clampSize(content.width * scale), height: clampSize(content.height * scale) };
  const offset = {
    left: Math.round((canvas.width - scaled.width) / 2),
    top: Math.round((canvas.height - scaled.height) / 2),
  };
  return { canvas, source: content, scaled, offset, clip: { left: 0, top: 0, ...canvas } };
}
