/**
 * The tools as image editors lay them out: a narrow rail of icon buttons beside the canvas (a radio group,
 * so arrow keys move between them), with undo and redo under them. Names and shortcuts are in each
 * button's accessible name and title.
 */
import { useId } from 'react';
import { RedoIcon, UndoIcon } from '../common/icons.tsx';
import { MOD } from '../shortcuts/shortcuts.ts';
import { useEditor } from '../state/editor-store.ts';
import { useTouchup, type TouchupTool } from './touchup-store.ts';

const svg = {
  width: 20,
  height: 20,
  viewBox: '0 0 20 20',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.5,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
  focusable: false,
} as const;

const ICONS: Record<TouchupTool, React.ReactNode> = {
  erase: (
    <svg {...svg}>
      <path d="m8.5 16.5 8-8a1.5 1.5 0 0 0 0-2.1l-2.9-2.9a1.5 1.5 0 0 0-2.1 0L3 12a1.5 1.5 0 0 0 0 2.1l2.4 2.4Z" />
      <path d="M7 9.5 11.5 14" />
      <path d="M8.5 16.5H17" />
    </svg>
  ),
  restore: (
    <svg {...svg}>
      <path d="M13.5 3.5 16.5 6.5 9 14l-3 .5.5-3Z" />
      <path d="M4.5 16.5c1.5 0 2.5-.7 2.5-2" />
    </svg>
  ),
  box: (
    <svg {...svg}>
      <path d="M3.5 6V3.5H6M14 3.5h2.5V6M16.5 14v2.5H14M6 16.5H3.5V14" />
      <rect x="7" y="7" width="6" height="6" rx="1" />
    </svg>
  ),
};

const TOOLS: { value: TouchupTool; label: string; key: string; hint: string }[] = [
  { value: 'erase', label: 'Erase', key: 'E', hint: 'paint what is not the subject' },
  { value: 'restore', label: 'Restore', key: 'R', hint: 'paint back what belongs to the subject' },
  { value: 'box', label: 'Box', key: 'B', hint: 'drag around the subject to segment again inside it' },
];

export function ToolRail({ brushes }: { brushes: boolean }) {
  const tool = useTouchup((s) => s.tool);
  const setTool = useTouchup((s) => s.setTool);
  const canUndo = useEditor((e) => e.past.length > 0);
  const canRedo = useEditor((e) => e.future.length > 0);
  const name = useId();
  return (
    <div className="tu-rail">
      <div role="radiogroup" aria-label="Touch-up tool" className="tu-rail-tools">
        {TOOLS.filter((t) => brushes || t.value === 'box').map((t) => (
          <label key={t.value} className="tu-rail-button" title={`${t.label} (${t.key}): ${t.hint}`}>
            <input
              type="radio"
              name={name}
              value={t.value}
              checked={tool === t.value}
              onChange={() => setTool(t.value)}
              aria-label={`${t.label} (${t.key})`}
            />
            {ICONS[t.value]}
          </label>
        ))}
      </div>
      <div className="tu-rail-history" role="group" aria-label="History">
        <button
          type="button"
          className="tu-rail-button"
          aria-label="Undo"
          title={`Undo (${MOD}+Z)`}
          disabled={!canUndo}
          onClick={() => useEditor.getState().undo()}
        >
          <UndoIcon />
        </button>
        <button
          type="button"
          className="tu-rail-button"
          aria-label="Redo"
          title={`Redo (Shift+${MOD}+Z)`}
          disabled={!canRedo}
          onClick={() => useEditor.getState().redo()}
        >
          <RedoIcon />
        </button>
      </div>
    </div>
  );
}
