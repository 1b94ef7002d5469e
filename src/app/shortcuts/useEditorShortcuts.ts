/** The editor's global keys: undo/redo and `?` for the shortcuts sheet. */
import { useEffect } from 'react';
import { create } from 'zustand';
import { useEditor } from '../state/editor-store.ts';

export const useShortcutsSheet = create<{ open: boolean; setOpen(open: boolean): void }>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

/** Text fields where the browser's own undo and typed `?` must keep working. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'range', 'button', 'color'].includes(target.type)
  );
}

export function handleEditorKey(event: KeyboardEvent): boolean {
  const mod = event.metaKey || event.ctrlKey;
  const key = event.key.toLowerCase();
  if (mod && !event.altKey && (key === 'z' || key === 'y')) {
    // Inside the JSON textarea the browser's text undo is what people expect.
    if (event.target instanceof HTMLTextAreaElement) return false;
    const redo = key === 'y' || event.shiftKey;
    if (redo) useEditor.getState().redo();
    else useEditor.getState().undo();
    return true;
  }
  if (event.key === '?' && !mod && !isTextEntry(event.target)) {
    useShortcutsSheet.getState().setOpen(true);
    return true;
  }
  return false;
}

export function useEditorShortcuts() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (handleEditorKey(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
