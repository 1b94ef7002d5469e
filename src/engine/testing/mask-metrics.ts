import { boxMean } from '../../recipe/raster/box-filter.ts';

/**
 * Mask quality against ground truth: IoU of the masks thresholded at 50 %, mean absolute error of the
 * soft alpha (0..1), and boundary F-measure (DAVIS style: boundary pixels count as matched within a
 * tolerance of 0.8 % of the image diagonal).
 */
export interface MaskScores {
  iou: number;
  mae: number;
  boundaryF: number;
}

function boundary(mask: Uint8Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const inside = mask[i]! >= 128;
      const differs = (j: number) => mask[j]! >= 128 !== inside;
      if (
        (x > 0 && differs(i - 1)) ||
        (x < width - 1 && differs(i + 1)) ||
        (y > 0 && differs(i - width)) ||
        (y < height - 1 && differs(i + width))
      )
        out[i] = 1;
    }
  return out;
}

export function scoreMask(
  predicted: Uint8Array,
  truth: Uint8Array,
  width: number,
  height: number,
): MaskScores {
  let intersection = 0;
  let union = 0;
  let absError = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = predicted[i]! >= 128;
    const t = truth[i]! >= 128;
    if (p && t) intersection++;
    if (p || t) union++;
    absError += Math.abs(predicted[i]! - truth[i]!);
  }
  const tolerance = Math.max(1, Math.round(0.008 * Math.hypot(width, height)));
  const predictedEdge = boundary(predicted, width, height);
  const truthEdge = boundary(truth, width, height);
  const near = (edge: Float32Array) => boxMean(edge, width, height, tolerance);
  const nearTruth = near(truthEdge);
  const nearPredicted = near(predictedEdge);
  let predictedCount = 0;
  let predictedHits = 0;
  let truthCount = 0;
  let truthHits = 0;
  for (let i = 0; i < truth.length; i++) {
    if (predictedEdge[i]) {
      predictedCount++;
      if (nearTruth[i]! > 0) predictedHits++;
    }
    if (truthEdge[i]) {
      truthCount++;
      if (nearPredicted[i]! > 0) truthHits++;
    }
  }
  const precision = predictedCount ? predictedHits / predictedCount : truthCount ? 0 : 1;
  const recall = truthCount ? truthHits / truthCount : 1;
  const boundaryF = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { iou: union ? intersection / union : 1, mae: absError / truth.length / 255, boundaryF };
}

/**
 * Halo check: the share of pixels that are clearly background in the ground truth (farther than `gap`
 * pixels from any foreground) yet got alpha ≥ `level` in the prediction.
 */
export function haloShare(
  predicted: Uint8Array,
  truth: Uint8Array,
  width: number,
  height: number,
  gap = 4,
  level = 24,
): number {
  const fg = new Float32Array(truth.length);
  for (let i = 0; i < truth.length; i++) fg[i] = truth[i]! > 0 ? 1 : 0;
  const nearFg = boxMean(fg, width, height, gap);
  let background = 0;
  let haloed = 0;
  for (let i = 0; i < truth.length; i++) {
    if (nearFg[i]! > 0) continue;
    background++;
    if (predicted[i]! >= level) haloed++;
  }
  return background ? haloed / background : 0;
}
