/**
 * The note a panel shows after switching it changed other panels too ("Also switched off …"), with Undo.
 * It belongs to the request it produced: any later edit (or the undo) makes it go away.
 */
import { create } from 'zustand';
import type { JsonObject } from '../../recipe/index.ts';

export interface PanelNote {
  panelId: string;
  text: string;
  /** The request the switch produced; the note shows only while this is still the request. */
  request: JsonObject;
}

export const usePanelNote = create<{ note: PanelNote | null; show(note: PanelNote | null): void }>()(
  (set) => ({
    note: null,
    show: (note) => set({ note }),
  }),
);
