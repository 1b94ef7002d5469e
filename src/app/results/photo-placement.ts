/**
 * Where the photo sits under its result, so before/after line up pixel for pixel even when the request
 * resized, padded or cropped: the same framing geometry the engine renders with (recipe frame-layout.ts),
 * applied to the whole photo. Where that geometry depends on what only the run saw (the object's bounds
 * when cropping to it or generating around it, an attention-picked crop), or the result's size does not
 * match it (a provider framed differently), there is no honest placement, and the compare shows the two
 * side by side instead, saying why.
 */
import { layoutFrame, toPlan, type Dialect, type JsonObject, type Plan } from '../../recipe/index.ts';

export type Placement =
  /** The photo's rectangle in the result's pixels (may reach outside the result where it was cropped). */
  | { kind: 'placed'; rect: { left: number; top: number; width: number; height: number } }
  /** No placement: `why` completes "Shown side by side: …". */
  | { kind: 'apart'; why: string };

/** Sizes within this many result pixels count as the same (rounding of each side by the framing). */
const SIZE_SLACK = 2;

function apartBecause(plan: Plan): string | null {
  if (plan.background.kind === 'generated')
    return 'the object was placed on a generated background by its own size, which only the run knew.';
  if (plan.frame.cropToSubject)
    return 'the result was cropped to the object, whose bounds only the run knew.';
  if (plan.frame.fit === 'crop' && plan.frame.cropGravity !== 'center')
    return 'the crop was placed by what the run found in the photo.';
  return null;
}

/**
 * The photo's placement under a result of `output` pixels made by `requestText` (a `dialect` request)
 * from a photo of `photo` pixels. Unparseable requests and unknown sizes give `apart`.
 */
export function photoPlacement(
  dialect: Dialect,
  requestText: string,
  photo: { width: number; height: number },
  output: { width: number; height: number } | undefined,
): Placement {
  const unknown: Placement = { kind: 'apart', why: 'the size of the photo or of the result is not known.' };
  if (!output || photo.width <= 0 || photo.height <= 0 || output.width <= 0) return unknown;
  let plan: Plan;
  try {
    plan = toPlan(dialect, JSON.parse(requestText) as JsonObject);
  } catch {
    return unknown;
  }
  const why = apartBecause(plan);
  if (why) return { kind: 'apart', why };
  const full = { left: 0, top: 0, width: photo.width, height: photo.height };
  const layout = layoutFrame({
    frame: plan.frame,
    imageWidth: photo.width,
    imageHeight: photo.height,
    content: full,
  });
  // A result delivered at another scale than asked (a size cap) still lines up when its aspect matches.
  const k = output.width / layout.canvas.width;
  if (Math.abs(layout.canvas.height * k - output.height) > SIZE_SLACK) {
    return {
      kind: 'apart',
      why: `the result is ${output.width} × ${output.height}, not the ${layout.canvas.width} × ${layout.canvas.height} the request describes, so the photo cannot be laid under it exactly.`,
    };
  }
  const sx = (layout.scaled.width / layout.source.width) * k;
  const sy = (layout.scaled.height / layout.source.height) * k;
  return {
    kind: 'placed',
    rect: {
      left: layout.offset.left * k - layout.source.left * sx,
      top: layout.offset.top * k - layout.source.top * sy,
      width: photo.width * sx,
      height: photo.height * sy,
    },
  };
}
