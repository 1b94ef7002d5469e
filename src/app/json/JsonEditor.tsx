/**
 * Edit mode of the JSON preview: a plain textarea (no heavy editor library) with a line gutter; errors are
 * listed with their line and the line is highlighted. Apply sets the panels; unknown keys are kept.
 */
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { formatPasted, parse } from '../../recipe/index.ts';
import type { Dialect, Issue, JsonObject } from '../../recipe/index.ts';
import { Button } from '../common/Button.tsx';
import { dialectLabel } from '../../recipe/index.ts';
import './JsonEditor.css';

interface JsonEditorProps {
  dialect: Dialect;
  initialText: string;
  onApply(dialect: Dialect, request: JsonObject): void;
  onCancel(): void;
}

const LINE_HEIGHT = 18;

export function JsonEditor({ dialect, initialText, onApply, onCancel }: JsonEditorProps) {
  const [text, setText] = useState(initialText);
  const [forced, setForced] = useState(false);
  const deferred = useDeferredValue(text);
  const result = useMemo(() => {
    const detected = parse(deferred);
    // Text in another dialect is applied to that dialect; otherwise read it as the current one.
    return detected.dialect && detected.dialect !== dialect && detected.request
      ? detected
      : parse(deferred, dialect);
  }, [deferred, dialect]);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = text.split('\n').length;
  const errors = result.issues.filter((i) => i.severity === 'error');
  const errorLines = new Set(errors.map((i) => i.line).filter((l): l is number => l !== undefined));
  const warnLines = new Set(
    result.issues
      .filter((i) => i.severity === 'warning')
      .map((i) => i.line)
      .filter((l): l is number => l !== undefined),
  );
  const syntaxBroken = result.request === null;
  const target = result.dialect ?? dialect;

  const goToLine = (issue: Issue) => {
    const el = area.current;
    if (!el || !issue.line) return;
    const before =
      text
        .split('\n')
        .slice(0, issue.line - 1)
        .join('\n').length + (issue.line > 1 ? 1 : 0);
    const start = before + Math.max(0, (issue.column ?? 1) - 1);
    el.focus();
    el.setSelectionRange(start, start);
    el.scrollTop = Math.max(0, (issue.line - 4) * LINE_HEIGHT);
  };

  const apply = (request: JsonObject | null) => {
    if (!request) return;
    if (errors.length > 0 && !forced) {
      setForced(true);
      return;
    }
    onApply(target, request);
  };

  return (
    <div className="json-editor" data-testid="json-editor">
      <div className="json-editor-frame">
        <div className="json-editor-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div
              key={i}
              className={
                errorLines.has(i + 1)
                  ? 'json-line-error'
                  : warnLines.has(i + 1)
                    ? 'json-line-warning'
                    : undefined
              }
              data-line={i + 1}
            >
              {i + 1}
            </div>
          ))}
        </div>
        <div className="json-editor-body">
          <div className="json-editor-marks" aria-hidden="true" style={{ height: lines * LINE_HEIGHT }}>
            {[...errorLines].map((line) => (
              <div key={line} className="json-editor-mark-error" style={{ top: (line - 1) * LINE_HEIGHT }} />
            ))}
          </div>
          <textarea
            ref={area}
            className="json-editor-text"
            aria-label="Request JSON"
            data-testid="json-editor-text"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            wrap="off"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setForced(false);
            }}
            onPaste={(e) => {
              // A paste that replaces everything is a new request: lay it out like the preview.
              const el = e.currentTarget;
              if (el.selectionStart !== 0 || el.selectionEnd !== el.value.length) return;
              e.preventDefault();
              setText(formatPasted(e.clipboardData.getData('text/plain')));
              setForced(false);
            }}
            onScroll={(e) => {
              const top = e.currentTarget.scrollTop;
              if (gutter.current) gutter.current.scrollTop = top;
              const marks = e.currentTarget.previousElementSibling as HTMLElement | null;
              if (marks) marks.style.transform = `translateY(${-top}px)`;
            }}
            onKeyDown={(e) => {
              if ((e.metaKey || e.ctrlKey) && e.key === 'Enter') {
                e.preventDefault();
                e.stopPropagation();
                apply(result.request);
              } else if (e.key === 'Escape') {
                e.stopPropagation();
                onCancel();
              } else if (e.key === 'Tab' && !e.shiftKey) {
                // Two spaces, like the printed JSON; Shift+Tab still leaves the field.
                e.preventDefault();
                const el = e.currentTarget;
                el.setRangeText('  ', el.selectionStart, el.selectionEnd, 'end');
                setText(el.value);
              }
            }}
          />
        </div>
      </div>

      <div className="json-editor-actions">
        {target !== dialect && !syntaxBroken ? (
          <span className="json-editor-hint">
            This is a {dialectLabel(target)} request: Apply switches to it.
          </span>
        ) : forced ? (
          <span className="json-editor-hint json-editor-hint-danger">
            {errors.length} error{errors.length > 1 ? 's' : ''}: Run stays blocked until fixed.
          </span>
        ) : null}
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" disabled={syntaxBroken} onClick={() => apply(result.request)}>
          {forced ? 'Apply anyway' : 'Apply'}
        </Button>
      </div>

      {result.legacy ? (
        <div className="json-editor-note json-editor-legacy" data-testid="json-legacy">
          <p>{result.legacy.message}</p>
          <Button size="sm" variant="primary" onClick={() => onApply(target, result.legacy!.modern)}>
            Use the modern form
          </Button>
        </div>
      ) : null}

      {result.issues.length > 0 ? (
        <ul className="json-editor-issues" data-testid="json-editor-issues" aria-live="polite">
          {result.issues.map((issue, i) => (
            <li key={i} className={`json-editor-issue-${issue.severity}`}>
              <button type="button" onClick={() => goToLine(issue)} disabled={!issue.line}>
                {issue.line ? <span className="json-editor-line">Line {issue.line}</span> : null}
                <span>{issue.message}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
