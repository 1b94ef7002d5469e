/** The editor's global keys: undo/redo and `?` for the shortcuts sheet. */
import { useEffect } from 'react';
import { create } from 'zustand';
import { formatPasted } from '../../recipe/index.ts';
import { useEditor } from '../state/editor-store.ts';
import { looksLikeRequest, useJsonPane } from '../json/json-pane-store.ts';

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

function handleEditorKey(event: KeyboardEvent): boolean {
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

/**
 * Request JSON pasted anywhere outside a text field opens the JSON editor with it (Apply sets the panels).
 * Image pastes are the photo's business (DropAnywhere) and are left alone.
 */
function handleEditorPaste(event: ClipboardEvent): boolean {
  if (isTextEntry(event.target) || !event.clipboardData) return false;
  if ([...event.clipboardData.items].some((item) => item.kind === 'file')) return false;
  const text = event.clipboardData.getData('text/plain');
  if (!looksLikeRequest(text)) return false;
  useJsonPane.getState().edit(formatPasted(text));
  return true;
}

export function useEditorShortcuts() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (handleEditorKey(event)) event.preventDefault();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!event.defaultPrevented && handleEditorPaste(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('paste', onPaste);
    };
  }, []);
}
