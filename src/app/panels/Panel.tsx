import { memo, useId, useState } from 'react';
import type { Dialect, Issue, JsonObject } from '../../recipe/index.ts';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';
import { Button } from '../common/Button.tsx';
import { fieldLabel, panelsFor, repeatedLabels } from './registry.ts';
import { togglePanel } from './toggle-panel.ts';
import { usePanelNote } from './panel-note.ts';
import { useSession } from '../state/session-store.ts';
import { optionDoc } from '../../recipe/index.ts';
import { localMarksFor } from './local-marks.ts';
import { Switch } from '../common/Switch.tsx';
import { Field, fieldValue } from './Field.tsx';
import { BackdropUpload } from './BackdropUpload.tsx';
import type { PanelSpec } from './types.ts';

interface PanelProps {
  panel: PanelSpec;
  dialect: Dialect;
  request: JsonObject;
  fieldIssues: Map<string, Issue[]>;
  panelIssues: Issue[] | undefined;
}

export const Panel = memo(function Panel({ panel, dialect, request, fieldIssues, panelIssues }: PanelProps) {
  const titleId = useId();
  const editRequest = useEditor((s) => s.editRequest);
  // The local engine's approximations are marked at the controls only while it is the chosen executor.
  const local = useSession((s) => s.executor === 'local');
  const inRequest = panel.isOn(request);
  // Panels whose fields are all optional can be opened before anything is set.
  const [openedEmpty, setOpenedEmpty] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const on = inRequest || openedEmpty;
  const fieldClaimsPath = panel.fields.some((f) => f.path === panel.path);
  const note = usePanelNote((s) =>
    s.note?.panelId === panel.id && s.note.request === request ? s.note.text : null,
  );
  const toggle = (next: boolean) => {
    setOpenedEmpty(next && !panel.turnOn);
    // One undo step for the panel and whatever it switched on or off with it.
    const switched = togglePanel(
      panelsFor(dialect),
      selectActiveRequest(useEditor.getState()),
      panel.id,
      next,
    );
    editRequest(() => switched.request);
    const after = selectActiveRequest(useEditor.getState());
    usePanelNote
      .getState()
      .show(switched.also ? { panelId: panel.id, text: switched.also, request: after } : null);
  };
  const visible = panel.fields.filter((f) => !f.visible || f.visible(request));
  const main = visible.filter((f) => !f.advanced);
  const advanced = visible.filter((f) => f.advanced);
  // Unfolded by the user or because something in it is set; it never folds itself while in use.
  const showAdvanced = advancedOpen || advanced.some((f) => fieldValue(f, request) !== undefined);
  const errorCount = [
    ...visible.flatMap((f) => fieldIssues.get(f.path) ?? []),
    ...(panelIssues ?? []),
  ].filter((i) => i.severity === 'error').length;
  const renderField = (f: PanelSpec['fields'][number]) => (
    <Field
      key={f.path}
      spec={f}
      dialect={dialect}
      value={fieldValue(f, request)}
      issues={fieldIssues.get(f.path)}
      local={local ? localMarksFor(dialect, request, f, optionDoc(dialect, f.docPath ?? f.path)) : undefined}
      context={repeatedLabels(dialect).has(fieldLabel(dialect, f)) ? panel.title : undefined}
    />
  );
  return (
    <section className={`panel${on ? ' panel-on' : ''}`} aria-labelledby={titleId} data-panel={panel.id}>
      <header className="panel-header">
        <div className="panel-titles">
          <h2 id={titleId} className="panel-title">
            {panel.title}
            {errorCount > 0 ? (
              <span
                className="panel-error-count"
                aria-label={`${errorCount} error${errorCount > 1 ? 's' : ''}`}
              >
                {errorCount}
              </span>
            ) : null}
          </h2>
          {on ? null : <p className="panel-summary">{panel.summary}</p>}
        </div>
        <Switch
          checked={on}
          onChange={toggle}
          aria-labelledby={titleId}
          dataPath={fieldClaimsPath ? undefined : panel.path}
          data-panel-switch={panel.id}
        />
      </header>
      {note ? (
        <div className="panel-note" role="status" data-testid="panel-note">
          <span>{note}</span>
          <Button size="sm" variant="ghost" onClick={() => useEditor.getState().undo()}>
            Undo
          </Button>
        </div>
      ) : null}
      {on ? (
        <div className="panel-body">
          {panelIssues?.map((issue, i) => (
            <p key={i} className={`field-issue field-issue-${issue.severity}`} data-issue={issue.code}>
              {issue.message}
            </p>
          ))}
          {main.map(renderField)}
          {panel.extra === 'backdrop-upload' ? <BackdropUpload /> : null}
          {advanced.length > 0 ? (
            <details className="panel-advanced" open={showAdvanced}>
              <summary
                onClick={(e) => {
                  // Controlled: the browser's own toggle would fight React's `open` on the next render.
                  e.preventDefault();
                  setAdvancedOpen(!showAdvanced);
                }}
              >
                Advanced
              </summary>
              {/* Folded fields are not rendered at all: fewer controls to reconcile on every edit. */}
              {showAdvanced ? advanced.map(renderField) : null}
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
});
