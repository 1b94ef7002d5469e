import { Dialog } from '../common/Dialog.tsx';
import { SHORTCUTS, type ShortcutDoc } from './shortcuts.ts';
import { useShortcutsSheet } from './useEditorShortcuts.ts';
import './ShortcutsSheet.css';

const GROUPS: ShortcutDoc['group'][] = ['Editing', 'Running', 'Compare view', 'Touch-up', 'Help'];

export function ShortcutsSheet() {
  const open = useShortcutsSheet((s) => s.open);
  const setOpen = useShortcutsSheet((s) => s.setOpen);
  return (
    <Dialog
      open={open}
      title="Keyboard shortcuts"
      onClose={() => setOpen(false)}
      testId="shortcuts-sheet"
      wide
    >
      <div className="shortcuts-columns">
        {GROUPS.map((group) => (
          <section key={group} className="shortcuts-group">
            <h3>{group}</h3>
            <dl>
              {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                <div key={s.action} className="shortcuts-row">
                  <dt>{s.action}</dt>
                  <dd>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
