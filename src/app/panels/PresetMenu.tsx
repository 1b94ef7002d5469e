/**
 * The Preset menu at the top of the panels: pick a marketplace preset (or one of your own) to set the
 * panels of both dialects and the finishing; an edit of either afterwards marks it "modified". Save the current request as your own
 * preset (kept in this browser), export your presets as a JSON file, import such a file.
 */
import { Suspense, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { dialectIds, type Dialect, type JsonObject } from '../../recipe/index.ts';
import { Button } from '../common/Button.tsx';
import { lazyView } from '../common/lazy-view.ts';
import { loadLazyRecipe, type LazyRecipe } from '../common/lazy-recipe.ts';
import { showToast } from '../common/toast.ts';
import { selectActiveFinish, useFinish } from '../finishing/finish-store.ts';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';
import { isModified, usePresets, type PresetRef } from '../state/preset-store.ts';
import './PresetMenu.css';

const NONE = '';

export type Catalogue = LazyRecipe['PRESETS'];

// The save dialog loads apart from the first paint (prefetched on idle), and stays mounted once opened.
const SaveDialog = lazyView(() => import('./SavePresetDialog.tsx'));
let catalogue: Catalogue | null = null;

/**
 * The marketplace presets, which come with the lazy recipe entry (prefetched on idle) rather than with the
 * first paint; null until it is in. With a marketplace preset restored as the active one, it is asked for
 * at once, so the select and its summary name it as soon as possible.
 */
function useCatalogue(): Catalogue | null {
  const [presets, setPresets] = useState(catalogue);
  useEffect(() => {
    if (presets) return;
    let live = true;
    loadLazyRecipe()
      .then((recipe) => {
        catalogue = recipe.PRESETS;
        if (live) setPresets(catalogue);
      })
      .catch(() => undefined); // the menu keeps None and your own presets; picking one retries the load
    return () => {
      live = false;
    };
  }, [presets]);
  return presets;
}
const refValue = (ref: PresetRef | null) =>
  !ref ? NONE : ref.kind === 'builtin' ? `b:${ref.id}` : `u:${ref.name}`;

/**
 * A preset is the whole recipe: its finishing (shadow, placement) replaces the Finishing panel's, and a
 * preset without any switches finishing off (a shadow on Amazon's white would fail its own check).
 */
function applyPresetFinish(recipe: LazyRecipe, finish: JsonObject | undefined) {
  const parsed = finish ? recipe.parseFinish(finish) : null;
  useFinish.getState().applyFinish(parsed?.ok ? parsed.finish : null);
}

async function applyBuiltin(id: string) {
  const recipe = await loadLazyRecipe();
  const preset = recipe.findPreset(id);
  if (!preset) return;
  const requests: Partial<Record<Dialect, JsonObject>> = {};
  for (const dialect of dialectIds()) requests[dialect] = recipe.compilePreset(preset, dialect).request;
  useEditor.getState().replaceRequests(requests);
  applyPresetFinish(recipe, preset.finish);
  usePresets
    .getState()
    .applyPreset({ kind: 'builtin', id }, requests, selectActiveFinish(useFinish.getState()));
  showToast(`Panels set for ${preset.title}`, 'success');
}

async function applyUser(name: string) {
  const preset = usePresets.getState().userPresets.find((p) => p.name === name);
  if (!preset) return;
  applyPresetFinish(await loadLazyRecipe(), preset.finish);
  const editor = useEditor.getState();
  editor.replaceRequest(preset.dialect, preset.request);
  if (editor.dialect !== preset.dialect) editor.setDialect(preset.dialect);
  usePresets
    .getState()
    .applyPreset(
      { kind: 'user', name },
      { [preset.dialect]: preset.request },
      selectActiveFinish(useFinish.getState()),
    );
  showToast(`Panels set from “${name}”`, 'success');
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function PresetMenu() {
  const presets = usePresets();
  const builtins = useCatalogue();
  const dialect = useEditor((s) => s.dialect);
  const request = useEditor(selectActiveRequest);
  const finish = useFinish(selectActiveFinish);
  const modified = isModified(presets, dialect, request, finish);
  const [saving, setSaving] = useState(false);
  const [saveOpened, setSaveOpened] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const onPick = (e: ChangeEvent<HTMLSelectElement>) => {
    const value = e.target.value;
    if (value === NONE) presets.clearPreset();
    else if (value.startsWith('b:')) void applyBuiltin(value.slice(2));
    else void applyUser(value.slice(2));
  };
  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const recipe = await loadLazyRecipe();
    const result = recipe.importUserPresets(await file.text());
    if (!result.ok) {
      showToast(`${file.name}: ${result.message}`, 'danger');
      return;
    }
    presets.setUserPresets(recipe.mergeUserPresets(presets.userPresets, result.presets));
    showToast(`Imported ${result.presets.length} preset${result.presets.length === 1 ? '' : 's'}`, 'success');
  };
  const onExport = async () => {
    const recipe = await loadLazyRecipe();
    download('backdrop-presets.json', recipe.exportUserPresets(presets.userPresets));
  };
  const activeTitle =
    presets.active?.kind === 'builtin'
      ? builtins?.find((p) => p.id === (presets.active as { id: string }).id)?.summary
      : undefined;

  return (
    <section className="preset-menu" aria-label="Preset" data-testid="preset-menu">
      {/* The pill sits beside the label, not the select: the select keeps the whole width for the name. */}
      <div className="preset-head">
        <label htmlFor="preset-select" className="preset-label">
          Preset
        </label>
        {modified ? (
          <span
            className="preset-modified"
            data-testid="preset-modified"
            title="You changed a panel or the finishing after picking this preset"
          >
            Modified
          </span>
        ) : null}
      </div>
      <select
        id="preset-select"
        className="preset-select"
        value={refValue(presets.active)}
        onChange={onPick}
        data-testid="preset-select"
      >
        <option value={NONE}>None — your own settings</option>
        <optgroup label="Marketplaces">
          {builtins ? (
            builtins.map((p) => (
              <option key={p.id} value={`b:${p.id}`}>
                {p.title}
              </option>
            ))
          ) : (
            // Keeps a restored marketplace preset selected while the catalogue loads.
            <option
              value={presets.active?.kind === 'builtin' ? refValue(presets.active) : 'loading'}
              disabled
            >
              Loading…
            </option>
          )}
        </optgroup>
        {presets.userPresets.length > 0 ? (
          <optgroup label="Your presets">
            {presets.userPresets.map((p) => (
              <option key={p.name} value={`u:${p.name}`}>
                {p.name}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {activeTitle ? <p className="preset-summary">{activeTitle}</p> : null}
      <div className="preset-actions">
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setSaveOpened(true);
            setSaving(true);
          }}
          data-testid="preset-save"
        >
          Save as preset…
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => fileInput.current?.click()}
          data-testid="preset-import"
        >
          Import…
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={presets.userPresets.length === 0}
          onClick={() => void onExport()}
          data-testid="preset-export"
        >
          Export
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          onChange={(e) => void onImport(e)}
          data-testid="preset-import-file"
        />
      </div>
      {saveOpened ? (
        <Suspense fallback={null}>
          <SaveDialog open={saving} onClose={() => setSaving(false)} presets={builtins} />
        </Suspense>
      ) : null}
    </section>
  );
}
