/**
 * Placement of the subject on a new background (finishing): the framing decides the canvas, placement
 * decides where the subject goes on it — scaled to a fill ratio, kept inside margins, standing on the floor
 * line or centred. Pure geometry in the pixels of the rendered image.
 */
import type { FrameLayout, ResolvedPlacement } from '../../recipe/index.ts';
import type { Rect } from './mask-ops.ts';

export interface Placed {
  layout: FrameLayout;
  /** The fill ratio reached (max of width and height shares of the canvas); below `scale` when margins won. */
  fill: number;
  /** True when the margins made the subject smaller than `scale` asked. */
  limitedByMargin: boolean;
}

/**
 * Lays out `subject` (its bounds in the rendered image) on `canvas`: scale so that the larger of
 * width/canvas width and height/canvas height equals `placement.scale` (the fill ratio marketplaces measure),
 * unless that would cross the margins (`margin` × the canvas's shorter side on every edge), which win;
 * across at `x` of the room inside the margins; `floor` puts its bottom on the bottom margin (the floor
 * line), `center` centres it. The whole canvas is the clip: nothing of the subject is cut.
 */
export function placeSubject(
  canvas: { width: number; height: number },
  subject: Rect,
  placement: ResolvedPlacement,
): Placed {
  const margin = Math.round(placement.margin * Math.min(canvas.width, canvas.height));
  const roomW = Math.max(1, canvas.width - 2 * margin);
  const roomH = Math.max(1, canvas.height - 2 * margin);
  const byFill = placement.scale / Math.max(subject.width / canvas.width, subject.height / canvas.height);
  const byRoom = Math.min(roomW / subject.width, roomH / subject.height);
  const scale = Math.min(byFill, byRoom);
  const scaled = {
    width: Math.max(1, Math.min(roomW, Math.round(subject.width * scale))),
    height: Math.max(1, Math.min(roomH, Math.round(subject.height * scale))),
  };
  const left = margin + Math.round(placement.x * (roomW - scaled.width));
  const top =
    placement.anchor === 'floor'
      ? canvas.height - margin - scaled.height
      : margin + Math.round((roomH - scaled.height) / 2);
  return {
    layout: {
      canvas,
      source: subject,
      scaled,
      offset: { left, top },
      clip: { left: 0, top: 0, width: canvas.width, height: canvas.height },
    },
    fill: Math.max(scaled.width / canvas.width, scaled.height / canvas.height),
    limitedByMargin: byRoom < byFill - 1e-9,
  };
}
