/**
 * Every keyboard shortcut of the app, listed once for the `?` sheet. Each owner implements its own
 * handler; this list is what users read, so keep it in step with the handlers.
 */
export interface ShortcutDoc {
  keys: string[];
  action: string;
  group: 'Editing' | 'Running' | 'Compare view' | 'Help';
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS: ShortcutDoc[] = [
  { keys: [MOD, 'Z'], action: 'Undo the last change to the request', group: 'Editing' },
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
  { keys: ['?'], action: 'Show this list', group: 'Help' },
];
