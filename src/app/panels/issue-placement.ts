/**
 * Puts each validation issue next to the control it is about: the visible field with the longest path
 * that contains the issue's path; else its panel; else it stays for the JSON pane's list.
 */
import type { Issue, JsonObject } from '../../recipe/index.ts';
import type { PanelSpec } from './types.ts';

export interface PlacedIssues {
  byField: Map<string, Issue[]>;
  byPanel: Map<string, Issue[]>;
  unplaced: Issue[];
}

const covers = (owner: string, path: string) => path === owner || path.startsWith(owner + '.');

/**
 * The same messages give the same array, so a memoised field re-renders only when its own messages
 * change (the JSON preview's budget is 4 ms per edit). Bounded: cleared when it grows large.
 */
const interned = new Map<string, Issue[]>();
function intern(issues: Issue[]): Issue[] {
  const key = JSON.stringify(issues);
  const found = interned.get(key);
  if (found) return found;
  if (interned.size > 500) interned.clear();
  interned.set(key, issues);
  return issues;
}

export function placeIssues(issues: Issue[], panels: PanelSpec[], request: JsonObject): PlacedIssues {
  const byField = new Map<string, Issue[]>();
  const byPanel = new Map<string, Issue[]>();
  const unplaced: Issue[] = [];
  const push = (map: Map<string, Issue[]>, key: string, issue: Issue) =>
    map.set(key, [...(map.get(key) ?? []), issue]);
  for (const issue of issues) {
    let best: string | undefined;
    let panelId: string | undefined;
    for (const panel of panels) {
      if (!panel.isOn(request)) continue;
      for (const field of panel.fields) {
        if (field.visible && !field.visible(request)) continue;
        if (covers(field.path, issue.path) && (!best || field.path.length > best.length)) best = field.path;
      }
      if (!panelId && covers(panel.path, issue.path)) panelId = panel.id;
    }
    // Unknown keys are listed with the JSON, where they can be seen and fixed.
    if (issue.code === 'unknown-key') unplaced.push(issue);
    else if (best) push(byField, best, issue);
    else if (panelId) push(byPanel, panelId, issue);
    else unplaced.push(issue);
  }
  for (const [path, list] of byField) byField.set(path, intern(list));
  return { byField, byPanel, unplaced };
}
