/**
 * The touch-up mode's small state: what is being touched up, the tool and its settings, the adjustments
 * and what the mask is doing (loading, saving…). The mask's pixels are not here (see mask-session.ts):
 * a 12 MP mask in React state would be copied on every stroke. Tool settings survive a reload.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { BrushMode } from './brush.ts';

export type TouchupTool = BrushMode | 'box';
/** `tint`: the photo with the background tinted red; `cutout`: the subject alone over a checkerboard. */
export type Overlay = 'tint' | 'cutout';

export interface TouchupTarget {
  photoId: string;
  /** The result whose job the edits are saved to; null before the first run (the box is a hint then). */
  resultId: string | null;
}

export type TouchupStatus =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'boxing' }
  | { kind: 'applying' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'error'; message: string };

export const SIZE_RANGE = { min: 2, max: 800 } as const;
export const GROW_RANGE = { min: -40, max: 40 } as const;
export const FEATHER_MAX = 30;

export interface TouchupState {
  target: TouchupTarget | null;
  tool: TouchupTool;
  /** Brush diameter in photo pixels. */
  size: number;
  /** 0..1 */
  hardness: number;
  edgeAware: boolean;
  overlay: Overlay;
  grow: number;
  feather: number;
  status: TouchupStatus;
  open(target: TouchupTarget): void;
  close(): void;
  setTool(tool: TouchupTool): void;
  setSize(size: number): void;
  setHardness(hardness: number): void;
  setEdgeAware(on: boolean): void;
  setOverlay(overlay: Overlay): void;
  setAdjustments(a: { grow: number; feather: number }): void;
  setStatus(status: TouchupStatus): void;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const useTouchup = create<TouchupState>()(
  persist(
    (set) => ({
      target: null,
      tool: 'erase',
      size: 40,
      hardness: 0.8,
      edgeAware: false,
      overlay: 'tint',
      grow: 0,
      feather: 0,
      status: { kind: 'ready' },
      open: (target) => set({ target, status: { kind: 'loading' } }),
      close: () => set({ target: null }),
      setTool: (tool) => set({ tool }),
      setSize: (size) => set({ size: Math.round(clamp(size, SIZE_RANGE.min, SIZE_RANGE.max)) }),
      setHardness: (hardness) => set({ hardness: Math.round(clamp(hardness, 0, 1) * 100) / 100 }),
      setEdgeAware: (edgeAware) => set({ edgeAware }),
      setOverlay: (overlay) => set({ overlay }),
      setAdjustments: ({ grow, feather }) =>
        set({
          grow: Math.round(clamp(grow, GROW_RANGE.min, GROW_RANGE.max)),
          feather: clamp(feather, 0, FEATHER_MAX),
        }),
      setStatus: (status) => set({ status }),
    }),
    {
      name: 'backdrop.touchup.v1',
      partialize: (s) => ({ size: s.size, hardness: s.hardness, edgeAware: s.edgeAware, overlay: s.overlay }),
    },
  ),
);

/** Image editors' steps for `[` and `]`: finer for small brushes, coarser for big ones. */
export function nextSize(size: number, direction: 1 | -1): number {
  const step = size < 10 ? 1 : size < 50 ? 5 : size < 200 ? 10 : 50;
  return clamp(size + direction * step, SIZE_RANGE.min, SIZE_RANGE.max);
}
