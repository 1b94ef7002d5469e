/**
 * Performance marks for bench/app.bench.ts: an edit marks its start in the store, the preview measures
 * when its new text is committed. Cheap enough to leave on (two marks per edit).
 */
const EDIT_MARK = 'backdrop:edit';
const PREVIEW_MEASURE = 'backdrop:preview-update';

export function markEdit() {
  if (typeof performance === 'undefined' || !performance.mark) return;
  performance.clearMarks(EDIT_MARK);
  performance.mark(EDIT_MARK);
}

let measured = 0;

export function measurePreviewCommit() {
  if (typeof performance === 'undefined' || !performance.getEntriesByName) return;
  if (performance.getEntriesByName(EDIT_MARK, 'mark').length === 0) return;
  performance.measure(PREVIEW_MEASURE, EDIT_MARK);
  performance.clearMarks(EDIT_MARK);
  // Keep the timeline bounded in long sessions (the bench reads far fewer). Counted only every 256th
  // edit and after the measure: listing up to 2000 entries on every edit cost more than the measure.
  if (++measured % 256 === 0 && performance.getEntriesByName(PREVIEW_MEASURE, 'measure').length > 2000)
    performance.clearMeasures(PREVIEW_MEASURE);
}
