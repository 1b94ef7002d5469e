/**
 * "Save as a preset": names the current request (and the finishing) and keeps it in this browser as one
 * of your presets (PresetMenu.tsx opens it; it loads apart from the first paint).
 */
import { useState } from 'react';
import { dialectLabel, type JsonObject } from '../../recipe/index.ts';
import { Button } from '../common/Button.tsx';
import { Dialog } from '../common/Dialog.tsx';
import { loadLazyRecipe } from '../common/lazy-recipe.ts';
import { showToast } from '../common/toast.ts';
import { selectActiveFinish, useFinish } from '../finishing/finish-store.ts';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';
import { rulesPresetId, usePresets } from '../state/preset-store.ts';
import type { Catalogue } from './PresetMenu.tsx';

export default function SaveDialog({
  open,
  onClose,
  presets,
}: {
  open: boolean;
  onClose(): void;
  presets: Catalogue | null;
}) {
  const [name, setName] = useState('');
  const state = usePresets();
  const dialect = useEditor((s) => s.dialect);
  const request = useEditor(selectActiveRequest);
  const rulesFrom = rulesPresetId(state);
  const finish = useFinish(selectActiveFinish);
  const taken = state.userPresets.some((p) => p.name.toLowerCase() === name.trim().toLowerCase());
  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    const recipe = await loadLazyRecipe();
    const preset = {
      name: trimmed,
      dialect,
      request,
      ...(finish ? { finish: finish as JsonObject } : {}),
      ...(rulesFrom ? { rulesFrom } : {}),
      savedAt: new Date().toISOString(),
    };
    state.setUserPresets(recipe.mergeUserPresets(state.userPresets, [preset]));
    state.applyPreset({ kind: 'user', name: trimmed }, { [dialect]: request }, finish);
    showToast(`Saved “${trimmed}” in this browser`, 'success');
    setName('');
    onClose();
  };
  return (
    <Dialog
      open={open}
      title="Save as a preset"
      onClose={onClose}
      testId="preset-save-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            disabled={!name.trim()}
            onClick={() => void save()}
            data-testid="preset-save-confirm"
          >
            {taken ? 'Replace' : 'Save'}
          </Button>
        </>
      }
    >
      <form
        className="preset-save-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="preset-name">Name</label>
        <input
          id="preset-name"
          className="preset-name-input"
          value={name}
          maxLength={80}
          autoFocus
          placeholder="e.g. Shop white, 1600 px"
          onChange={(e) => setName(e.target.value)}
        />
        <p className="preset-save-note">
          Saves this {dialectLabel(dialect)} request
          {finish ? ' and the finishing (shadow, placement)' : ''} in this browser
          {rulesFrom
            ? `, checked against ${presets?.find((p) => p.id === rulesFrom)?.title ?? rulesFrom}`
            : ''}
          .{taken ? ' A preset of this name exists and will be replaced.' : ''}
        </p>
      </form>
    </Dialog>
  );
}
