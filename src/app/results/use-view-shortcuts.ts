import { useEffect } from 'react';
import { useSession } from '../state/session-store.ts';
import { useView } from './view-store.ts';

const NOT_TEXT = new Set([
  'radio',
  'checkbox',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
  'image',
]);

/** True when a key press belongs to a text field (or the JSON editor), not to the stage. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.closest) return false;
  if (el instanceof HTMLInputElement) return !NOT_TEXT.has(el.type);
  return Boolean(
    el.closest('textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"]'),
  );
}

/** + / − zoom, 0 fit, 1 actual size, V cycles slider / side by side / toggle. */
export function useViewShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const view = useView.getState();
      const actions: Record<string, () => void> = {
        '+': () => view.zoomBy(1.25),
        '=': () => view.zoomBy(1.25),
        '-': () => view.zoomBy(1 / 1.25),
        _: () => view.zoomBy(1 / 1.25),
        '0': view.fit,
        '1': view.actualSize,
        v: () => useSession.getState().cycleCompareMode(),
        V: () => useSession.getState().cycleCompareMode(),
      };
      const action = actions[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
