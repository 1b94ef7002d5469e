/**
 * Performance marks for bench/app.bench.ts: an edit marks its start in the store, the preview measures
 * when its new text is committed. Cheap enough to leave on (two marks per edit).
 */
export const EDIT_MARK = 'backdrop:edit';
export const PREVIEW_MEASURE = 'backdrop:preview-update';

export function markEdit() {
  if (typeof performance === 'undefined' || !performance.mark) return;
  performance.clearMarks(EDIT_MARK);
  performance.mark(EDIT_MARK);
}

export function measurePreviewCommit() {
  if (typeof performance === 'undefined' || !performance.getEntriesByName) return;
  if (performance.getEntriesByName(EDIT_MARK, 'mark').length === 0) return;
  // Keep the timeline bounded in long sessions; the bench reads far fewer than this.
  if (performance.getEntriesByName(PREVIEW_MEASURE, 'measure').length > 2000)
    performance.clearMeasures(PREVIEW_MEASURE);
  performance.measure(PREVIEW_MEASURE, EDIT_MARK);
  performance.clearMarks(EDIT_MARK);
}
