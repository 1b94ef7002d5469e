/**
 * One photo's mask while it is being touched up, outside React: the edited raster (strokes, boxes,
 * uploads), the adjusted raster (grow/shrink and feather applied — what is shown and saved), a copy of
 * the last committed state (what a stroke is undone to, and what the edge-aware pass compares with), the
 * raster history, and the listeners that redraw. Every committed edit becomes one step of the editor's
 * undo history (a TouchupMark) and is saved: as the photo's mask (IndexedDB, used by later runs) and to
 * the result's job (PUT /api/jobs/:id/mask, which re-renders the result on the server).
 */
import { useEditor, type TouchupMark } from '../state/editor-store.ts';
import { adjustRect, isIdentity, type Adjustments } from './adjust.ts';
import { paintSegment, type Brush, type Point } from './brush.ts';
import { snapStroke } from './edge-snap.ts';
import { MaskHistory } from './mask-history.ts';
import {
  createRaster,
  padRect,
  readRect,
  unionRect,
  writeRect,
  type MaskRaster,
  type Rect,
} from './raster.ts';

type Listener = (dirty: Rect | null) => void;

/** Masks up to this size are adjusted on the spot; larger ones in a worker (see adjust-worker.ts). */
const ADJUST_INLINE_PIXELS = 1_000_000;
let worker: Worker | null = null;
let nextRequest = 1;

/** The whole mask adjusted: at once for small masks, in a worker for large ones (a copy goes there). */
function adjustAll(edited: MaskRaster, a: Adjustments): Promise<Uint8Array> {
  const { width, height } = edited;
  if (width * height <= ADJUST_INLINE_PIXELS || typeof Worker === 'undefined') {
    const target = createRaster(width, height);
    adjustRect(edited, target, { left: 0, top: 0, width, height }, a);
    return Promise.resolve(target.data);
  }
  worker ??= new Worker(new URL('./adjust-worker.ts', import.meta.url), { type: 'module' });
  const id = nextRequest++;
  const running = worker;
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<{ id: number; data: Uint8Array }>) => {
      if (event.data.id !== id) return;
      running.removeEventListener('message', onMessage);
      resolve(event.data.data);
    };
    running.addEventListener('message', onMessage);
    running.addEventListener('error', (event) => reject(new Error(event.message)), { once: true });
    const data = edited.data.slice();
    running.postMessage({ id, data, width, height, ...a }, [data.buffer]);
  });
}

export interface SessionSource {
  photoId: string;
  /** The mask to start from (the photo's saved mask, the job's, or an empty one before a run). */
  base: MaskRaster;
  /** Adjustments the saved mask was made with (the base is stored adjusted, so these start at 0). */
  adjustments?: Adjustments;
}

export class MaskSession {
  readonly photoId: string;
  readonly width: number;
  readonly height: number;
  readonly edited: MaskRaster;
  /** What the overlay shows and the save writes; the same object as `edited` while there are no adjustments. */
  adjusted: MaskRaster;
  adjustments: Adjustments;
  readonly history: MaskHistory;
  /** The mask as of the last commit; strokes and boxes compare against it. */
  private readonly committed: MaskRaster;
  /** The initial mask, for "Start over". */
  private readonly original: Uint8Array;
  private readonly listeners = new Set<Listener>();
  private coverage: Uint8Array | null = null;
  private stroke: { brush: Brush; last: Point; rect: Rect | null; edgeAware: boolean } | null = null;
  /** Called after every commit (the saver listens). */
  onCommit: (() => void) | null = null;
  /** Told when a whole-mask adjustment starts (true) and lands (false); strokes wait meanwhile. */
  onApplying: ((busy: boolean) => void) | null = null;
  private applying = 0;

  constructor(source: SessionSource) {
    const { base } = source;
    this.photoId = source.photoId;
    this.width = base.width;
    this.height = base.height;
    this.edited = base;
    this.committed = { ...base, data: base.data.slice() };
    this.original = base.data.slice();
    this.adjustments = source.adjustments ?? { grow: 0, feather: 0 };
    this.adjusted = this.edited;
    this.history = new MaskHistory(this.edited);
    void this.readjust();
    useEditor.getState().startTouchup(this.mark());
  }

  mark(): TouchupMark {
    return { photoId: this.photoId, version: this.history.current, ...this.adjustments };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(dirty: Rect | null): void {
    for (const listener of this.listeners) listener(dirty);
  }

  /** Re-applies the adjustments to `rect` of the edited mask (or all of it); returns what changed. */
  private refresh(rect: Rect | null): Rect | null {
    // Until the first whole-mask adjustment lands, `adjusted` is still `edited`: never write into it.
    if (isIdentity(this.adjustments) || this.adjusted === this.edited) return rect;
    const area = rect ?? { left: 0, top: 0, width: this.width, height: this.height };
    return adjustRect(this.edited, this.adjusted, area, this.adjustments);
  }

  /**
   * Re-adjusts the whole mask for the current adjustments; the overlay keeps the previous state until the
   * new one lands, then redraws. Only the latest request counts when several overlap (a slider drag).
   */
  private async recomputeAdjusted(): Promise<void> {
    const request = ++this.applying;
    if (isIdentity(this.adjustments)) {
      this.adjusted = this.edited;
      this.emit(null);
      return;
    }
    this.onApplying?.(true);
    try {
      const data = await adjustAll(this.edited, this.adjustments);
      if (request !== this.applying) return;
      this.adjusted = { data, width: this.width, height: this.height };
      this.emit(null);
    } finally {
      if (request === this.applying) this.onApplying?.(false);
    }
  }

  /** Resolves once the adjusted mask reflects the current adjustments. */
  async settled(): Promise<void> {
    while (this.pendingAdjust) await this.pendingAdjust;
  }
  private pendingAdjust: Promise<void> | null = null;

  private readjust(): Promise<void> {
    const run = this.recomputeAdjusted().finally(() => {
      if (this.pendingAdjust === run) this.pendingAdjust = null;
    });
    this.pendingAdjust = run;
    return run;
  }

  /* ---- strokes ---- */

  beginStroke(at: Point, brush: Brush, edgeAware: boolean): void {
    this.coverage ??= new Uint8Array(this.width * this.height);
    this.stroke = { brush, last: at, rect: null, edgeAware };
    this.extendStroke([at]);
  }

  /** Paints from the last point through `points`; returns the rectangle to redraw (adjustments included). */
  extendStroke(points: Point[]): Rect | null {
    const stroke = this.stroke;
    if (!stroke) return null;
    let dirty: Rect | null = null;
    for (const point of points) {
      const rect = paintSegment(
        this.edited,
        stroke.last,
        point,
        stroke.brush,
        stroke.edgeAware ? this.coverage! : undefined,
      );
      stroke.last = point;
      dirty = unionRect(dirty, rect);
    }
    stroke.rect = unionRect(stroke.rect, dirty);
    const shown = this.refresh(dirty);
    if (shown) this.emit(shown);
    return shown;
  }

  /** Ends the stroke: the edge-aware pass if asked (against `photo`), then one undo step. */
  endStroke(photo: ImageData | null): void {
    const stroke = this.stroke;
    this.stroke = null;
    if (!stroke?.rect) return;
    const rect = stroke.rect;
    if (stroke.edgeAware && photo) {
      snapStroke({
        photo: photo.data,
        width: this.width,
        height: this.height,
        before: this.committed.data,
        mask: this.edited.data,
        coverage: this.coverage!,
        rect,
        mode: stroke.brush.mode,
        radius: stroke.brush.radius,
      });
      this.emit(this.refresh(rect));
    }
    if (this.coverage)
      writeRect(
        { data: this.coverage, width: this.width, height: this.height },
        rect,
        new Uint8Array(rect.width * rect.height),
      );
    this.commit(rect);
  }

  /* ---- whole-mask edits ---- */

  /** Replaces the mask inside `rect` (all of it by default) with `bytes` — a box, an upload, a reset. */
  replace(bytes: Uint8Array, rect: Rect = { left: 0, top: 0, width: this.width, height: this.height }): void {
    writeRect(this.edited, rect, readRect({ data: bytes, width: this.width, height: this.height }, rect));
    if (isIdentity(this.adjustments)) this.emit(rect);
    else void this.readjust(); // a whole new mask: adjust all of it (and drop any adjustment in flight)
    this.commit(rect);
  }

  /** Back to the mask the session started from (an undoable step). */
  startOver(): void {
    this.replace(this.original);
  }

  setAdjustments(next: Adjustments, coalesceKey: string): void {
    if (next.grow === this.adjustments.grow && next.feather === this.adjustments.feather) return;
    this.adjustments = next;
    useEditor.getState().recordTouchup(this.mark(), { coalesceKey });
    void this.readjust().then(() => this.onCommit?.());
  }

  private commit(rect: Rect): void {
    const before = readRect(this.committed, rect);
    writeRect(this.committed, rect, readRect(this.edited, rect));
    this.history.commit(rect, before);
    useEditor.getState().recordTouchup(this.mark(), { coalesceKey: null });
    this.onCommit?.();
  }

  /**
   * Goes to a mark the editor's undo/redo restored. False when its version is no longer kept (too old),
   * in which case nothing changes.
   */
  restore(mark: TouchupMark): boolean {
    const dirty = this.history.checkout(mark.version);
    if (dirty === undefined) return false;
    if (dirty) writeRect(this.committed, dirty, readRect(this.edited, dirty));
    const adjusted = mark.grow !== this.adjustments.grow || mark.feather !== this.adjustments.feather;
    this.adjustments = { grow: mark.grow, feather: mark.feather };
    if (adjusted) void this.readjust().then(() => this.onCommit?.());
    else {
      if (dirty) this.emit(this.refresh(padRect(dirty, 0, this.width, this.height)));
      this.onCommit?.();
    }
    return true;
  }
}
