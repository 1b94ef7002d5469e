/** Shows what a translation keeps, drops and approximates before it replaces the target dialect's request. */
import { use, useMemo } from 'react';
import { print } from '../../recipe/index.ts';
import { loadLazyRecipe } from '../common/lazy-recipe.ts';
import type { Dialect } from '../../recipe/index.ts';
import { requestOf, useEditor } from '../state/editor-store.ts';
import { Dialog } from '../common/Dialog.tsx';
import { Button } from '../common/Button.tsx';
import { Segmented } from '../common/Segmented.tsx';
import { dialectLabel } from '../../recipe/index.ts';
import './TranslateDialog.css';

interface TranslateDialogProps {
  open: boolean;
  from: Dialect;
  to: Dialect;
  /** The dialects it may translate to; with more than one, the dialog offers the choice. */
  targets?: readonly Dialect[];
  onTarget?(to: Dialect): void;
  onClose(): void;
}

export function TranslateDialog({ open, from, to, targets = [to], onTarget, onClose }: TranslateDialogProps) {
  const source = useEditor((s) => requestOf(s.requests, from));
  const replaceRequest = useEditor((s) => s.replaceRequest);
  // Suspends (inside DialectSwitch's Suspense) until the lazy recipe entry is loaded.
  const { translate } = use(loadLazyRecipe());
  const outcome = useMemo(() => {
    if (!open) return null;
    try {
      return { ok: true as const, ...translate(source, from, to) };
    } catch (error) {
      return { ok: false as const, message: (error as Error).message };
    }
  }, [open, source, from, to, translate]);
  const apply = () => {
    if (!outcome?.ok) return;
    replaceRequest(to, outcome.request);
    onClose();
  };
  return (
    <Dialog
      open={open}
      wide
      title={`Translate to ${dialectLabel(to)}`}
      onClose={onClose}
      testId="translate-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" onClick={apply} disabled={!outcome?.ok} data-testid="translate-apply">
            Replace my {dialectLabel(to)} request
          </Button>
        </>
      }
    >
      {targets.length > 1 && onTarget ? (
        <Segmented<Dialect>
          label="To"
          value={to}
          options={targets.map((d) => ({ value: d, label: dialectLabel(d) }))}
          onChange={onTarget}
          dataPath={undefined}
        />
      ) : null}
      {outcome && !outcome.ok ? (
        <p className="translate-error">
          The {dialectLabel(from)} request cannot be translated yet: {outcome.message} Fix the errors shown in
          the panels first.
        </p>
      ) : outcome ? (
        <>
          <p className="translate-lead">
            Your {dialectLabel(to)} request will be replaced by this one (undo brings it back).
          </p>
          {outcome.losses.length === 0 ? (
            <p className="translate-clean">Everything carries over exactly.</p>
          ) : (
            <ul className="translate-losses" data-testid="translate-losses">
              {outcome.losses.map((loss, i) => (
                <li key={i} className={`translate-${loss.kind}`}>
                  <span className="translate-kind">
                    {loss.kind === 'dropped' ? 'Dropped' : 'Approximated'}
                  </span>
                  <code>{loss.path}</code>
                  <span>{loss.message}</span>
                </li>
              ))}
            </ul>
          )}
          <pre
            className="translate-preview"
            tabIndex={0}
            aria-label={`Translated ${dialectLabel(to)} request`}
          >
            {print(outcome.request, to)}
          </pre>
        </>
      ) : null}
    </Dialog>
  );
}
