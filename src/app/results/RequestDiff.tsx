import { useMemo, useState } from 'react';
import { lineDiff, withContext, type DiffRow } from './line-diff.ts';
import type { ResultEntry } from '../state/session-store.ts';

const SIGN = { same: ' ', removed: '−', added: '+' } as const;

function Row({ row }: { row: DiffRow }) {
  if (row.kind === 'skipped') {
    return (
      <div className="stage-diff-line stage-diff-skipped">
        ⋯ {row.count} unchanged line{row.count === 1 ? '' : 's'}
      </div>
    );
  }
  return (
    <div className={`stage-diff-line stage-diff-${row.kind}`}>
      <span className="stage-diff-sign" aria-hidden="true">
        {SIGN[row.kind]}
      </span>
      {row.kind !== 'same' && (
        <span className="visually-hidden">{row.kind === 'added' ? 'B adds: ' : 'A has: '}</span>
      )}
      {row.text}
    </div>
  );
}

/** The two requests behind an A/B compare, as a line diff of their printed JSON (A − / B +). */
export function RequestDiff({ a, b }: { a: ResultEntry; b: ResultEntry }) {
  const [full, setFull] = useState(false);
  const lines = useMemo(() => lineDiff(a.requestText, b.requestText), [a.requestText, b.requestText]);
  const rows = useMemo(() => (full ? lines : withContext(lines)), [full, lines]);
  const changed = lines.filter((l) => l.kind !== 'same').length;
  return (
    <details className="stage-diff" open data-testid="request-diff">
      <summary>
        Requests{' '}
        <span className="stage-diff-summary">
          {changed === 0 ? 'identical' : `${changed} line${changed === 1 ? '' : 's'} differ`}
          {a.dialect !== b.dialect ? ` · ${a.dialect} vs ${b.dialect}` : ''}
          {a.executor !== b.executor ? ` · ${a.executor} vs ${b.executor}` : ''}
        </span>
      </summary>
      {/* Outside the summary: a button inside it would nest two interactive elements. */}
      {changed > 0 && (
        <button type="button" className="stage-link stage-diff-toggle" onClick={() => setFull(!full)}>
          {full ? 'Show changes only' : 'Show whole requests'}
        </button>
      )}
      <pre
        className="stage-diff-body"
        aria-label="Line diff of the two requests: lines of A marked −, of B marked +"
      >
        {rows.map((row, i) => (
          <Row key={i} row={row} />
        ))}
      </pre>
    </details>
  );
}
