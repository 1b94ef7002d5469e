import { useEffect, useRef } from 'react';
import { cancelRun } from './run-job.ts';

/**
 * Ctrl/Cmd+Enter runs from anywhere, even inside the JSON editor (that is where one finishes an
 * edit); Esc cancels a running job unless a dialog or a field wants the Esc for itself.
 */
export function useRunShortcuts(run: () => void, running: boolean): void {
  const latest = useRef({ run, running });
  useEffect(() => {
    latest.current = { run, running };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        latest.current.run();
        return;
      }
      if (e.key === 'Escape' && latest.current.running && !e.defaultPrevented) {
        if (document.querySelector('dialog[open], [role="dialog"]')) return;
        void cancelRun();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
