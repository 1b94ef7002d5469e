/**
 * The last results as thumbnails, newest first, each labelled with what sets it apart (result-label.ts)
 * and renamable in place. A click shows one against its photo; "Compare" ticks pick two to set against
 * each other (two executors or two recipes), requests diffed.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { selectComparePair, useSession, type ResultEntry } from '../state/session-store.ts';
import { useObjectUrl } from './use-object-url.ts';
import { executorShort } from '../run/labels.ts';
import { EditIcon } from '../common/icons.tsx';
import { useResultLabel } from './use-result-label.ts';
import './ResultsStrip.css';

function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** The result's label as a button; a click turns it into a text box (Enter keeps, Escape cancels). */
function ResultName({ result, label }: { result: ResultEntry; label: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  // Escape ends editing without keeping; the blur that may follow must not keep it either.
  const settled = useRef(false);
  const rename = useSession((s) => s.renameResult);
  if (draft === null) {
    return (
      <button
        type="button"
        className="strip-name"
        title={`${label} — click to rename`}
        aria-label={`Rename result “${label}”`}
        onClick={() => {
          settled.current = false;
          setDraft(result.name ?? label);
        }}
        data-testid="result-name"
      >
        <span className="strip-name-text">{label}</span>
        <EditIcon />
      </button>
    );
  }
  const done = (keep: boolean) => {
    if (settled.current) return;
    settled.current = true;
    if (keep) rename(result.id, draft);
    setDraft(null);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // The stage's single-key shortcuts must not fire while typing a name.
    e.stopPropagation();
    if (e.key === 'Enter') done(true);
    if (e.key === 'Escape') done(false);
  };
  return (
    <input
      className="strip-name-input"
      value={draft}
      // The user just asked to type here.
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onKeyDown={onKey}
      onBlur={() => done(true)}
      aria-label="Result name (empty goes back to the summary)"
      maxLength={80}
      data-testid="result-name-input"
    />
  );
}

function Thumb({ result, index }: { result: ResultEntry; index: number }) {
  const url = useObjectUrl(result.blob);
  const selected = useSession((s) => s.selectedResultId === result.id && s.compareIds.length < 2);
  // Letters follow time, not the order of ticking: the older result is A.
  const picked = useSession((s) =>
    s.compareIds.length === 2
      ? selectComparePair(s).findIndex((r) => r.id === result.id)
      : s.compareIds.indexOf(result.id),
  );
  const photoName = useSession((s) => s.photos[result.photoId]?.name ?? 'photo');
  const { selectResult, toggleCompare, removeResult } = useSession.getState();
  const name = useResultLabel(result);
  const label = `${executorShort(result.executor)} result “${name}” of ${photoName} at ${timeOf(result.createdAt)}`;
  return (
    <li
      className={`strip-item${selected ? ' strip-item-selected' : ''}${picked >= 0 ? ' strip-item-picked' : ''}`}
    >
      <button
        type="button"
        className="strip-thumb"
        onClick={() => selectResult(result.id)}
        aria-pressed={selected}
        aria-label={`Show ${label}`}
        data-testid="result-thumb"
      >
        {url && <img src={url} alt="" />}
        {picked >= 0 && <span className="strip-pick-badge">{picked === 0 ? 'A' : 'B'}</span>}
      </button>
      <ResultName result={result} label={name} />
      <div className="strip-meta">
        <span className="strip-exec">{executorShort(result.executor)}</span>
        <span className="strip-time">{timeOf(result.createdAt)}</span>
      </div>
      <div className="strip-actions">
        <label className="strip-compare">
          <input
            type="checkbox"
            checked={picked >= 0}
            onChange={() => toggleCompare(result.id)}
            aria-label={`Compare ${label}`}
            data-testid={`compare-pick-${index}`}
          />
          Compare
        </label>
        <button
          type="button"
          className="strip-remove"
          onClick={() => removeResult(result.id)}
          aria-label={`Remove ${label}`}
          title="Remove"
        >
          ×
        </button>
      </div>
    </li>
  );
}

/** The job in flight, shown as its photo, dimmed, where its result will land. */
function RunningTile() {
  const photoBlob = useSession((s) => (s.activeJob ? s.photos[s.activeJob.photoId]?.blob : undefined));
  const url = useObjectUrl(photoBlob);
  return (
    <li className="strip-item strip-item-running" aria-label="A result is being made">
      <div className="strip-thumb strip-thumb-running">{url && <img src={url} alt="" />}</div>
      <div className="strip-meta">
        <span className="strip-exec">Running…</span>
      </div>
    </li>
  );
}

export function ResultsStrip() {
  const results = useSession((s) => s.results);
  const running = useSession((s) => s.activeJob !== null);
  const picked = useSession((s) => s.compareIds.length);
  const clearPicks = () => useSession.setState({ compareIds: [] });
  if (results.length === 0 && !running) return null;
  return (
    <section className="strip" aria-label="Results">
      <header className="strip-head">
        <h2 className="strip-title">Results</h2>
        <span className="strip-hint">
          {picked === 0 && results.length > 1 && 'Tick two to compare them side by side'}
          {picked === 1 && 'Tick one more to compare'}
          {picked === 2 && (
            <button type="button" className="strip-link" onClick={clearPicks}>
              Stop comparing
            </button>
          )}
        </span>
      </header>
      <ol className="strip-list">
        {running && <RunningTile />}
        {results.map((r, i) => (
          <Thumb key={r.id} result={r} index={i} />
        ))}
      </ol>
    </section>
  );
}
