/**
 * The compliance checklist of a result in the inspector: every rule of the marketplace preset with
 * pass / warn / fail, what was measured, the limit, and the fix where it did not pass. Checked by the
 * server (GET /api/jobs/:id/compliance) on the stored result, so it works for any executor.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ComplianceReport, JobView } from '../../recipe/index.ts';
import { PRESETS } from '../../recipe/presets/catalogue.ts';
import { getCompliance } from '../api/client.ts';
import { rulesPresetId, usePresets } from '../state/preset-store.ts';
import './Checklist.css';

const MARK = { pass: '✓', warn: '!', fail: '✕' } as const;
const WORD = { pass: 'Passes', warn: 'Warning', fail: 'Fails' } as const;

function Report({ report }: { report: ComplianceReport }) {
  const failing = report.rules.filter((r) => r.status === 'fail').length;
  const warning = report.rules.filter((r) => r.status === 'warn').length;
  return (
    <>
      <p className={`check-verdict check-${report.status}`} data-testid="checklist-verdict">
        <span aria-hidden="true">{MARK[report.status]}</span>{' '}
        {report.status === 'pass'
          ? `Meets every ${report.title} rule Backdrop can measure`
          : report.status === 'warn'
            ? `Meets the rules, ${warning} warning${warning === 1 ? '' : 's'}`
            : `${failing} rule${failing === 1 ? '' : 's'} fail${failing === 1 ? 's' : ''}`}
      </p>
      <ul className="check-list" data-testid="checklist">
        {report.rules.map((rule) => (
          <li
            key={rule.id}
            className={`check-rule check-${rule.status}`}
            data-rule={rule.id}
            data-status={rule.status}
          >
            <span className="check-mark" role="img" aria-label={WORD[rule.status]}>
              {MARK[rule.status]}
            </span>
            <div className="check-text">
              <span className="check-title">
                {rule.title}
                {rule.level === 'recommended' ? <span className="check-level"> recommended</span> : null}
              </span>
              <span className="check-measured">
                {rule.measured} <span className="check-limit">· limit {rule.limit}</span>
              </span>
              {rule.fix ? <span className="check-fix">{rule.fix}</span> : null}
              <a className="check-source" href={rule.source.url} target="_blank" rel="noreferrer">
                {rule.source.title} (read {rule.source.read})
              </a>
            </div>
          </li>
        ))}
      </ul>
      {report.manualChecks.length > 0 ? (
        <div className="check-manual">
          <span>Check by eye:</span>
          <ul>
            {report.manualChecks.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** The checklist block for a finished job: the preset it ran with, else the active one, else a pick. */
export function Checklist({ job }: { job: JobView }) {
  const activeRules = usePresets(rulesPresetId);
  const [picked, setPicked] = useState<string | null>(null);
  const presetId = picked ?? job.preset ?? activeRules ?? null;
  const query = useQuery({
    queryKey: ['compliance', job.id, presetId, job.finishedAt],
    queryFn: ({ signal }) => getCompliance(job.id, presetId!, signal),
    enabled: job.status === 'done' && presetId !== null,
    staleTime: Infinity,
    retry: false,
  });
  if (job.status !== 'done') return null;
  return (
    <div className="insp-block check" data-testid="inspector-checklist">
      <h3 className="insp-subtitle check-head">
        <label htmlFor="check-preset">Marketplace check</label>
        <select
          id="check-preset"
          className="check-select"
          value={presetId ?? ''}
          onChange={(e) => setPicked(e.target.value || null)}
        >
          <option value="">Choose a preset…</option>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </h3>
      {presetId === null ? (
        <p className="insp-muted">Pick a marketplace to check this result against its image rules.</p>
      ) : query.isPending ? (
        <p className="insp-muted">Checking…</p>
      ) : query.isError ? (
        <p className="check-error" role="alert">
          {query.error.message}
        </p>
      ) : (
        <Report report={query.data} />
      )}
    </div>
  );
}
