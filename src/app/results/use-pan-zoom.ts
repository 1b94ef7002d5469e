/**
 * Pointer and wheel gestures of a compare pane: drag pans, wheel (and trackpad pinch, which arrives
 * as ctrl+wheel) zooms around the cursor, two fingers pinch-zoom around their midpoint, a double-click
 * switches between fit and actual pixels. A click that did not move is reported, so the toggle view
 * can flip on click. On a touch screen one finger scrolls the page while the image is fitted (the stage
 * fills most of a phone), and pans it once zoomed in; two fingers always pinch-zoom.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { useView } from './view-store.ts';

const CLICK_SLOP = 4;

export interface PanZoomOptions {
  /** Which presses pan (default: the primary button). The touch-up pans with Space or the middle button. */
  canPan?: (e: PointerEvent) => boolean;
  /** Double-click toggles fit / actual pixels (default true). */
  doubleClick?: boolean;
}

export function usePanZoom(
  ref: RefObject<HTMLElement | null>,
  onClick?: () => void,
  options: PanZoomOptions = {},
): void {
  const clickRef = useRef(onClick);
  const optionsRef = useRef(options);
  useEffect(() => {
    clickRef.current = onClick;
    optionsRef.current = options;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const pointers = new Map<number, { x: number; y: number }>();
    // Fitted: the browser may scroll the page vertically; zoomed in: every touch is ours.
    const setTouchAction = (fitted: boolean) => (el.style.touchAction = fitted ? 'pan-y' : 'none');
    setTouchAction(useView.getState().fitted);
    const unsubscribe = useView.subscribe((s, before) => {
      if (s.fitted !== before.fitted) setTouchAction(s.fitted);
    });
    let moved = 0;
    let pinch: { distance: number } | null = null;
    const local = (e: { clientX: number; clientY: number }) => {
      const r = el.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };

    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      // Pixel deltas from trackpads are small and many; line deltas from mouse wheels are big and few.
      const unit = e.deltaMode === 1 ? 16 : 1;
      const speed = e.ctrlKey ? 0.01 : 0.0015;
      useView.getState().zoomBy(Math.exp(-e.deltaY * unit * speed), local(e));
    };
    const onDown = (e: PointerEvent) => {
      const pans = optionsRef.current.canPan ?? ((event: PointerEvent) => event.button === 0);
      if (!pans(e) || (e.target as HTMLElement).closest('[data-no-pan]')) return;
      el.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, local(e));
      moved = 0;
      pinch = null;
    };
    const onMove = (e: PointerEvent) => {
      const prev = pointers.get(e.pointerId);
      if (!prev) return;
      const now = local(e);
      pointers.set(e.pointerId, now);
      const view = useView.getState();
      if (pointers.size === 1) {
        moved += Math.abs(now.x - prev.x) + Math.abs(now.y - prev.y);
        if (e.pointerType !== 'touch' || !view.fitted) view.panBy(now.x - prev.x, now.y - prev.y);
        return;
      }
      const [a, b] = [...pointers.values()];
      const distance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      const mid = { x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 };
      if (pinch && pinch.distance > 0) view.zoomBy(distance / pinch.distance, mid);
      pinch = { distance };
      moved = CLICK_SLOP + 1;
    };
    const onUp = (e: PointerEvent) => {
      if (!pointers.delete(e.pointerId)) return;
      if (pointers.size < 2) pinch = null;
      // A cancelled touch is one the browser took over (a page scroll): not a click.
      if (pointers.size === 0 && moved <= CLICK_SLOP && e.type === 'pointerup') clickRef.current?.();
    };

    // Double-click: fitted → actual pixels under the cursor; otherwise back to fit.
    const onDoubleClick = (e: MouseEvent) => {
      if (optionsRef.current.doubleClick === false || (e.target as HTMLElement).closest('[data-no-pan]'))
        return;
      const view = useView.getState();
      if (!view.fitted) return view.fit();
      view.zoomBy(1 / view.scale, local(e));
    };

    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('dblclick', onDoubleClick);
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    return () => {
      unsubscribe();
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('dblclick', onDoubleClick);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
    };
  }, [ref]);
}

/** Keeps the view store told of a pane's size. */
export function usePaneSize(ref: RefObject<HTMLElement | null>, enabled = true): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) useView.getState().setPane(entry.contentRect.width, entry.contentRect.height);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, enabled]);
}
