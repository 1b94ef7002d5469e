/**
 * Touch-up mode (lazy-loaded by the stage): the toolbar, the canvas, and a status line saying what the
 * mask is doing — saved to the photo and the result, or why not. The keys image editors taught designers:
 * E erase, R restore, B box, X swaps erase/restore, [ ] size, Shift+[ ] hardness, O overlay, Space pans,
 * Esc is Done; Ctrl/Cmd+Z undo and + − 0 1 zoom work as everywhere in the app.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { isTyping } from '../results/use-view-shortcuts.ts';
import { useObjectUrl } from '../results/use-object-url.ts';
import { ZoomControls } from '../results/StageToolbar.tsx';
import type { Photo, ResultEntry } from '../state/session-store.ts';
import { MaskPane } from './MaskPane.tsx';
import { closeTouchup, currentSession, onSession, sessionPhoto } from './touchup-controller.ts';
import { nextSize, useTouchup, type TouchupStatus } from './touchup-store.ts';
import { ToolRail } from './ToolRail.tsx';
import { TouchUpToolbar } from './TouchUpToolbar.tsx';
import './touchup.css';

const subscribeSession = (changed: () => void) => onSession(() => changed());

function useTouchupKeys(onDone: () => void): boolean {
  const [space, setSpace] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const s = useTouchup.getState();
      if (e.key === ' ') {
        setSpace(e.type === 'keydown');
        e.preventDefault();
        return;
      }
      if (e.type !== 'keydown') return;
      const key = e.key.toLowerCase();
      const actions: Record<string, () => void> = {
        e: () => s.setTool('erase'),
        r: () => s.setTool('restore'),
        b: () => s.setTool('box'),
        x: () => s.setTool(s.tool === 'erase' ? 'restore' : 'erase'),
        o: () => s.setOverlay(s.overlay === 'tint' ? 'cutout' : 'tint'),
        '[': () => (e.shiftKey ? s.setHardness(s.hardness - 0.1) : s.setSize(nextSize(s.size, -1))),
        '{': () => s.setHardness(s.hardness - 0.1),
        ']': () => (e.shiftKey ? s.setHardness(s.hardness + 0.1) : s.setSize(nextSize(s.size, 1))),
        '}': () => s.setHardness(s.hardness + 0.1),
        escape: onDone,
      };
      const action = actions[key];
      if (!action || (!currentSession() && key !== 'b' && key !== 'escape')) return;
      e.preventDefault();
      action();
    };
    const onBlur = () => setSpace(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
      window.removeEventListener('blur', onBlur);
    };
  }, [onDone]);
  return space;
}

function statusText(status: TouchupStatus, hasResult: boolean, hasSession: boolean): string {
  switch (status.kind) {
    case 'loading':
      return 'Loading the mask…';
    case 'boxing':
      return 'Segmenting inside the box on the local engine…';
    case 'applying':
      return 'Applying grow/shrink and feather to the whole mask…';
    case 'saving':
      return hasResult ? 'Saving the mask and re-rendering the result…' : 'Saving the mask…';
    case 'saved':
      return hasResult
        ? 'Saved · the result uses this mask, and so will every later run of this photo'
        : 'Saved';
    case 'error':
      return status.message;
    case 'ready':
      return hasSession
        ? 'Drag to paint · Space+drag to pan · [ ] size · Shift+[ ] hardness · E R B tools'
        : 'Drag a box around the subject: the next run on the local engine segments inside it.';
  }
}

export default function TouchUpView({ photo, result }: { photo: Photo; result: ResultEntry | null }) {
  const session = useSyncExternalStore(subscribeSession, currentSession);
  const status = useTouchup((s) => s.status);
  const edgeAware = useTouchup((s) => s.edgeAware);
  const overlay = useTouchup((s) => s.overlay);
  const photoUrl = useObjectUrl(photo.blob);
  const done = () => void closeTouchup();
  const space = useTouchupKeys(done);
  // Decode the photo's pixels ahead of the first edge-aware stroke.
  useEffect(() => {
    if (session && (edgeAware || overlay === 'cutout')) void sessionPhoto();
  }, [session, edgeAware, overlay]);
  return (
    <div className="tu" data-testid="touchup">
      <TouchUpToolbar session={session} onDone={done} />
      <div className="tu-body">
        <ToolRail brushes={session !== null} />
        <MaskPane photo={photo} photoUrl={photoUrl} session={session} spaceHeld={space} />
      </div>
      <div className="tu-foot">
        <p
          className={`tu-status${status.kind === 'error' ? ' tu-status-error' : ''}`}
          role={status.kind === 'error' ? 'alert' : 'status'}
          data-testid="touchup-status"
          data-state={status.kind}
        >
          {statusText(status, result !== null, session !== null)}
        </p>
        <ZoomControls />
      </div>
    </div>
  );
}
