import { useMemo } from 'react';
import { panelsFor } from './registry.ts';
import { Panel } from './Panel.tsx';
import { placeIssues } from './issue-placement.ts';
import { useActiveIssues } from './useIssues.ts';
import { useSession } from '../state/session-store.ts';
import { PresetMenu } from './PresetMenu.tsx';
import './panels.css';
import './controls/controls.css';

/** The left column: the active dialect's panels, each switched on or off, with their rule messages. */
export function PanelList() {
  const { dialect, request, issues } = useActiveIssues();
  const panels = panelsFor(dialect);
  const placed = useMemo(() => placeIssues(issues, panels, request), [issues, panels, request]);
  const local = useSession((s) => s.executor === 'local');
  return (
    <div className="panel-list" data-dialect={dialect}>
      <PresetMenu />
      {local ? (
        <p className="note-bar panel-legend" data-testid="local-legend">
          <span aria-hidden="true">≈</span> marks what the local engine only approximates. Claid and
          Deep-Image do the real thing (Run on).
        </p>
      ) : null}
      {panels.map((panel) => (
        <Panel
          key={`${dialect}:${panel.id}`}
          panel={panel}
          dialect={dialect}
          request={request}
          fieldIssues={placed.byField}
          panelIssues={placed.byPanel.get(panel.id)}
        />
      ))}
    </div>
  );
}
