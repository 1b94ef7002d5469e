/**
 * A done item's marketplace check on its tile: Passes / Warning / Fails, coloured like the inspector's
 * checklist. Hovering or focusing it shows each rule that did not pass (measured, limit, the fix);
 * pressing it opens the item, whose inspector has the whole checklist.
 */
import { useId } from 'react';
import { findPreset } from '../../recipe/presets/catalogue.ts';
import type { ComplianceSummary } from '../../recipe/presets/types.ts';
import { useBatch } from './batch-store.ts';

const WORD = { pass: 'Passes', warn: 'Warning', fail: 'Fails' } as const;
const MARK = { pass: '✓', warn: '!', fail: '✕' } as const;

/**
 * What the tip says, most serious first: per rule that did not pass, its title with the measured value
 * (without the parenthesis of how it was measured — the inspector has it) and the fix. A pass says so.
 */
export function complianceLines(summary: ComplianceSummary): { head: string; fix?: string }[] {
  const preset = findPreset(summary.preset);
  if (summary.issues.length === 0)
    return [{ head: `Every rule of ${preset?.title ?? summary.preset} passes.` }];
  const rank = (status: string) => (status === 'fail' ? 0 : 1);
  return [...summary.issues]
    .sort((a, b) => rank(a.status) - rank(b.status))
    .map((issue) => {
      const title = preset?.rules.find((r) => r.id === issue.id)?.title ?? issue.id;
      const measured = issue.measured.replace(/\s*\(.*\)$/, '');
      return {
        head: `${issue.status === 'fail' ? 'Fails' : 'Warning'}: ${title} — ${measured}.`,
        ...(issue.fix ? { fix: issue.fix } : {}),
      };
    });
}

export function ComplianceBadge({ itemId, summary }: { itemId: string; summary: ComplianceSummary }) {
  const tip = useId();
  const preset = findPreset(summary.preset);
  const failing = summary.issues.filter((i) => i.status === summary.status);
  const first = failing[0]
    ? (preset?.rules.find((r) => r.id === failing[0]!.id)?.title ?? failing[0].id)
    : '';
  return (
    <>
      <button
        type="button"
        className={`bt-check bt-check-${summary.status}`}
        onClick={() => useBatch.getState().openItem(itemId)}
        aria-describedby={tip}
        data-testid="batch-compliance"
        data-status={summary.status}
      >
        <span aria-hidden="true">{MARK[summary.status]}</span> {WORD[summary.status]}
        <span className="visually-hidden">
          {' '}
          the {preset?.title ?? summary.preset} check{first ? `: ${first}` : ''}
        </span>
      </button>
      <span role="tooltip" id={tip} className="bt-check-tip" data-testid="batch-compliance-tip">
        {complianceLines(summary).map((line) => (
          <span key={line.head} className="bt-check-line">
            <span className="bt-check-head">{line.head}</span>
            {line.fix ? <span className="bt-check-fix"> {line.fix}</span> : null}
          </span>
        ))}
      </span>
    </>
  );
}
