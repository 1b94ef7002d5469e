/**
 * Subject and background regions of a result, from a subject mask (one byte per pixel, 0..255) at the
 * result's size: the subject's bounding box, how much of each frame edge it touches, and the colour
 * statistics of the background away from the subject's edge.
 */
import { nearMask } from '../render/faint-matte.ts';
import { subjectBounds, SUBJECT_THRESHOLD, type Rect } from '../render/mask-ops.ts';

/** Mask values at or above this are the subject when deciding whether it touches an edge. */
const SOLID = 128;
/** Mask values below this are background. */
const CLEAR = 8;
/**
 * Background pixels closer than this to the subject are not counted: JPEG's 8 × 8 blocks ring next to a
 * sharp edge, and the matte's soft edge blends into the background there.
 */
export const EDGE_BAND_PX = 8;

/** Bounding box of the subject (alpha ≥ the engine's clipping threshold, the box framing used). */
export function maskBox(mask: Uint8Array, width: number, height: number): Rect | null {
  return subjectBounds(mask, width, height, SUBJECT_THRESHOLD);
}

/** Share of each edge's length where the subject (mask ≥ 128) reaches the outermost pixel row/column. */
export function edgeTouches(mask: Uint8Array, width: number, height: number) {
  let top = 0;
  let bottom = 0;
  let left = 0;
  let right = 0;
  for (let x = 0; x < width; x++) {
    if (mask[x]! >= SOLID) top++;
    if (mask[(height - 1) * width + x]! >= SOLID) bottom++;
  }
  for (let y = 0; y < height; y++) {
    if (mask[y * width]! >= SOLID) left++;
    if (mask[y * width + width - 1]! >= SOLID) right++;
  }
  return { top: top / width, right: right / height, bottom: bottom / width, left: left / height };
}

/** Marks pixels within `radius` (Chebyshev distance) of any mask value ≥ CLEAR (see nearMask). */
function nearSubject(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  return nearMask(mask, width, height, CLEAR, radius);
}

/**
 * The background away from the subject's edge: how many pixels, the share exactly RGB 255,255,255 and
 * fully opaque, and their mean colour. With no such pixels (the subject fills the frame) the share is 1.
 */
export function backgroundStats(rgba: Buffer, mask: Uint8Array, width: number, height: number) {
  const near = nearSubject(mask, width, height, EDGE_BAND_PX);
  let pixels = 0;
  let white = 0;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < width * height; i++) {
    if (near[i]) continue;
    const o = i * 4;
    pixels++;
    r += rgba[o]!;
    g += rgba[o + 1]!;
    b += rgba[o + 2]!;
    if (rgba[o] === 255 && rgba[o + 1] === 255 && rgba[o + 2] === 255 && rgba[o + 3] === 255) white++;
  }
  const mean: [number, number, number] = pixels ? [r / pixels, g / pixels, b / pixels] : [255, 255, 255];
  return { pixels, whiteShare: pixels ? white / pixels : 1, mean };
}
