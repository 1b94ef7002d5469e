/**
 * How much a plan enlarges the photo, or the object in it, beyond their own pixels: the factor the
 * framing geometry (frame-layout.ts, the engine's own) scales them by. Enlarging invents pixels, so edges
 * come out soft; the editor says so before a run, with the factor.
 */
import { layoutByArea, layoutFrame, type Rect } from './frame-layout.ts';
import type { Plan } from './plan.ts';

/**
 * Below this factor (10 %) enlarging is not worth a word: at normal viewing the softening does not show,
 * and rounding of the output size alone moves factors by a few percent.
 */
export const ENLARGEMENT_NOTICEABLE = 1.1;

export interface Enlargement {
  /** `photo`: the whole photo is scaled; `object`: the object's bounds are (crop to object, generate). */
  what: 'photo' | 'object';
  /** Output pixels per input pixel along the more enlarged side, ≥ ENLARGEMENT_NOTICEABLE. */
  factor: number;
  /**
   * True when the object's bounds were not known (no mask yet) and the whole photo stood in for them: an
   * object is never larger than its photo, so the true factor is at least `factor`.
   */
  atLeast: boolean;
  /** Size in pixels before and after scaling (the photo, or the stand-in for the object). */
  from: { width: number; height: number };
  to: { width: number; height: number };
}

/**
 * The enlargement `plan` applies to a photo of `image` pixels (orientation applied), or null when it
 * does not noticeably enlarge. `subject` is the object's bounding box in the photo's pixels when known.
 * Throws nothing; a zero-sized image gives null.
 */
export function enlargement(
  plan: Plan,
  image: { width: number; height: number },
  subject?: Rect,
): Enlargement | null {
  if (image.width <= 0 || image.height <= 0) return null;
  const full: Rect = { left: 0, top: 0, width: image.width, height: image.height };
  const base = { imageWidth: image.width, imageHeight: image.height };
  let layout;
  let what: Enlargement['what'] = 'photo';
  if (plan.background.kind === 'generated') {
    // The same steps as the engine's studio backdrop (render/frame.ts): a canvas, the object by area.
    const frame = { ...plan.frame, cropToSubject: false, padding: undefined, fit: 'canvas' as const };
    const canvas = layoutFrame({ ...base, frame, content: full }).canvas;
    layout = layoutByArea(canvas, subject ?? full, plan.background.itemAreaPercentage);
    what = 'object';
  } else {
    const content = plan.frame.cropToSubject ? (subject ?? full) : full;
    layout = layoutFrame({ ...base, frame: plan.frame, content });
    if (plan.frame.cropToSubject) what = 'object';
  }
  const { source, scaled } = layout;
  const factor = Math.max(scaled.width / source.width, scaled.height / source.height);
  if (factor < ENLARGEMENT_NOTICEABLE) return null;
  return {
    what,
    factor,
    atLeast: what === 'object' && !subject,
    from: { width: source.width, height: source.height },
    to: { ...scaled },
  };
}
