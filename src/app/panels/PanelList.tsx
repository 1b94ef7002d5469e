import { useMemo } from 'react';
import { PANELS } from './registry.ts';
import { Panel } from './Panel.tsx';
import { placeIssues } from './issue-placement.ts';
import { useActiveIssues } from './useIssues.ts';
import './panels.css';
import './controls/controls.css';

/** The left column: the active dialect's panels, each switched on or off, with their rule messages. */
export function PanelList() {
  const { dialect, request, issues } = useActiveIssues();
  const panels = PANELS[dialect];
  const placed = useMemo(() => placeIssues(issues, panels, request), [issues, panels, request]);
  return (
    <div className="panel-list" data-dialect={dialect}>
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
