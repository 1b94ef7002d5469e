import { lazy, Suspense } from 'react';
import { useEditor } from '../state/editor-store.ts';
import { Button } from '../common/Button.tsx';
import { KeyboardIcon, RedoIcon, ShareIcon, UndoIcon } from '../common/icons.tsx';
import { MOD } from '../shortcuts/shortcuts.ts';
import { useShortcutsSheet } from '../shortcuts/useEditorShortcuts.ts';
import { shareCurrent } from '../json/share.ts';
import { DialectSwitch } from './DialectSwitch.tsx';
import './AppHeader.css';

const ShortcutsSheet = lazy(() =>
  import('../shortcuts/ShortcutsSheet.tsx').then((m) => ({ default: m.ShortcutsSheet })),
);

export function AppHeader() {
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);
  const openSheet = useShortcutsSheet((s) => s.setOpen);
  const sheetOpen = useShortcutsSheet((s) => s.open);
  return (
    <header className="app-header">
      <h1 className="app-brand">
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
          <rect x="1" y="1" width="20" height="20" rx="6" fill="var(--accent)" />
          <rect x="6" y="9" width="10" height="8" rx="2" fill="var(--accent-contrast)" opacity="0.55" />
          <circle cx="11" cy="8.5" r="3.5" fill="var(--accent-contrast)" />
        </svg>
        <span>Backdrop</span>
      </h1>
      <DialectSwitch />
      <div className="app-header-actions">
        <Button
          variant="ghost"
          icon={<UndoIcon />}
          aria-label="Undo"
          title={`Undo (${MOD}+Z)`}
          disabled={!canUndo}
          onClick={undo}
        />
        <Button
          variant="ghost"
          icon={<RedoIcon />}
          aria-label="Redo"
          title={`Redo (Shift+${MOD}+Z)`}
          disabled={!canRedo}
          onClick={redo}
        />
        <span className="app-header-sep" aria-hidden="true" />
        <Button
          icon={<ShareIcon />}
          onClick={() => void shareCurrent()}
          data-testid="share"
          title="Copy a link that opens this request"
        >
          Share
        </Button>
        <Button
          variant="ghost"
          icon={<KeyboardIcon />}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => openSheet(true)}
        />
      </div>
      {sheetOpen ? (
        <Suspense fallback={null}>
          <ShortcutsSheet />
        </Suspense>
      ) : null}
    </header>
  );
}
