/**
 * Every keyboard shortcut of the app, listed once for the `?` sheet. Each owner implements its own
 * handler; this list is what users read, so keep it in step with the handlers.
 */
export interface ShortcutDoc {
  keys: string[];
  action: string;
  group: 'Editing' | 'Running' | 'Compare view' | 'Touch-up' | 'Help';
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS: ShortcutDoc[] = [
  { keys: [MOD, 'Z'], action: 'Undo the last change to the request or the mask', group: 'Editing' },
  { keys: ['Shift', MOD, 'Z'], action: 'Redo', group: 'Editing' },
  { keys: [MOD, 'V'], action: 'Paste an image, or request JSON (opens the JSON editor)', group: 'Editing' },
  { keys: [MOD, 'Enter'], action: 'Run the request on the photo', group: 'Running' },
  { keys: ['Esc'], action: 'Cancel the running job', group: 'Running' },
  { keys: ['←', '→'], action: 'Move the compare slider (when focused)', group: 'Compare view' },
  { keys: ['Shift', '← →'], action: 'Move the slider in bigger steps', group: 'Compare view' },
  { keys: ['+', '−'], action: 'Zoom in / out', group: 'Compare view' },
  { keys: ['0'], action: 'Fit to the view', group: 'Compare view' },
  { keys: ['1'], action: 'Actual size (100 %)', group: 'Compare view' },
  { keys: ['V'], action: 'Cycle slider / side by side / toggle', group: 'Compare view' },
  { keys: ['E'], action: 'Erase brush', group: 'Touch-up' },
  { keys: ['R'], action: 'Restore brush', group: 'Touch-up' },
  { keys: ['X'], action: 'Swap erase and restore', group: 'Touch-up' },
  { keys: ['B'], action: 'Box: drag around the subject to segment inside it', group: 'Touch-up' },
  { keys: ['[', ']'], action: 'Smaller / bigger brush', group: 'Touch-up' },
  { keys: ['Shift', '[ ]'], action: 'Softer / harder brush', group: 'Touch-up' },
  { keys: ['O'], action: 'Tint or cut-out view of the mask', group: 'Touch-up' },
  { keys: ['Space'], action: 'Hold and drag to pan', group: 'Touch-up' },
  { keys: ['Esc'], action: 'Leave touch-up (every change is saved)', group: 'Touch-up' },
  { keys: ['?'], action: 'Show this list', group: 'Help' },
];
