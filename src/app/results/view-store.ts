/**
 * Zoom, pan and the slider position of the compare view. One store, because every pane of the
 * compare (slider layers, both halves of side-by-side, the toggle) must move together, and the
 * keyboard shortcuts (+ - 0 1) act on it from anywhere.
 */
import { create } from 'zustand';

const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;

export interface ViewState {
  /** Screen pixels per scene pixel. */
  scale: number;
  /** Scene origin in pane coordinates (px). */
  x: number;
  y: number;
  /** While true the scene refits whenever the pane or the scene changes size. */
  fitted: boolean;
  pane: { width: number; height: number };
  scene: { width: number; height: number };
  /** Slider divider, 0..1 of the pane width. */
  split: number;
  /** Toggle mode: which side is showing. */
  showing: 'before' | 'after';

  setPane(width: number, height: number): void;
  setScene(width: number, height: number): void;
  fit(): void;
  actualSize(): void;
  /** Zooms by a factor around a point of the pane (default: its centre). */
  zoomBy(factor: number, at?: { x: number; y: number }): void;
  panBy(dx: number, dy: number): void;
  setSplit(split: number): void;
  flip(): void;
  setShowing(side: 'before' | 'after'): void;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Breathing room around a fitted image, so its edges never touch the pane. */
const FIT_MARGIN = 24;

export function fitTransform(pane: ViewState['pane'], scene: ViewState['scene']) {
  if (!pane.width || !pane.height || !scene.width || !scene.height) return { scale: 1, x: 0, y: 0 };
  const margin = Math.min(FIT_MARGIN, pane.width / 10, pane.height / 10);
  const scale = Math.min((pane.width - 2 * margin) / scene.width, (pane.height - 2 * margin) / scene.height);
  return { scale, x: (pane.width - scene.width * scale) / 2, y: (pane.height - scene.height * scale) / 2 };
}

export const useView = create<ViewState>()((set, get) => ({
  scale: 1,
  x: 0,
  y: 0,
  fitted: true,
  pane: { width: 0, height: 0 },
  scene: { width: 0, height: 0 },
  split: 0.5,
  showing: 'after',

  setPane(width, height) {
    const s = get();
    if (s.pane.width === width && s.pane.height === height) return;
    const pane = { width, height };
    if (s.fitted) set({ pane, ...fitTransform(pane, s.scene) });
    else set({ pane, x: s.x + (width - s.pane.width) / 2, y: s.y + (height - s.pane.height) / 2 });
  },
  setScene(width, height) {
    const s = get();
    if (s.scene.width === width && s.scene.height === height) return;
    const scene = { width, height };
    set({ scene, fitted: true, ...fitTransform(s.pane, scene) });
  },
  fit: () => set({ fitted: true, ...fitTransform(get().pane, get().scene) }),
  actualSize() {
    const { pane, scene } = get();
    set({ fitted: false, scale: 1, x: (pane.width - scene.width) / 2, y: (pane.height - scene.height) / 2 });
  },
  zoomBy(factor, at) {
    const s = get();
    const point = at ?? { x: s.pane.width / 2, y: s.pane.height / 2 };
    const scale = clamp(s.scale * factor, MIN_SCALE, MAX_SCALE);
    const k = scale / s.scale;
    set({ fitted: false, scale, x: point.x - (point.x - s.x) * k, y: point.y - (point.y - s.y) * k });
  },
  panBy: (dx, dy) => set({ fitted: false, x: get().x + dx, y: get().y + dy }),
  setSplit: (split) => set({ split: clamp(split, 0, 1) }),
  flip: () => set({ showing: get().showing === 'after' ? 'before' : 'after' }),
  setShowing: (showing) => set({ showing }),
}));
