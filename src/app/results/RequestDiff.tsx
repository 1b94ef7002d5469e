import { useMemo } from 'react';
import { lineDiff } from './line-diff.ts';
import type { ResultEntry } from '../state/session-store.ts';

const SIGN = { same: ' ', removed: '−', added: '+' } as const;

/** The two requests behind an A/B compare, as a line diff of their printed JSON. */
export function RequestDiff({ a, b }: { a: ResultEntry; b: ResultEntry }) {
  const lines = useMemo(() => lineDiff(a.requestText, b.requestText), [a.requestText, b.requestText]);
  const changed = lines.filter((l) => l.kind !== 'same').length;
  const sameDialect = a.dialect === b.dialect;
  return (
    <details className="stage-diff" open data-testid="request-diff">
      <summary>
        Requests{' '}
        <span className="stage-diff-summary">
          {changed === 0 ? 'identical' : `${changed} line${changed === 1 ? '' : 's'} differ`}
          {sameDialect ? '' : ` · ${a.dialect} vs ${b.dialect}`}
          {a.executor !== b.executor ? ` · ${a.executor} vs ${b.executor}` : ''}
        </span>
      </summary>
      <pre className="stage-diff-body" aria-label="Line diff of the two requests">
        {lines.map((line, i) => (
          <div key={i} className={`stage-diff-line stage-diff-${line.kind}`}>
            <span className="stage-diff-sign" aria-hidden="true">
              {SIGN[line.kind]}
            </span>
            {line.kind !== 'same' && (
              <span className="visually-hidden">{line.kind === 'added' ? 'added: ' : 'removed: '}</span>
            )}
            {line.text}
          </div>
        ))}
      </pre>
    </details>
  );
}
