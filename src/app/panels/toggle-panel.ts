/**
 * Switching a panel on or off moves the whole request to a coherent state: panels that cannot go with it
 * are switched off, panels it needs are switched on (PanelSpec.excludes / requires), and a panel whose
 * requirement goes is switched off too. What else changed is said in words, so it can be undone knowingly;
 * toggle-panel.test.ts walks every combination of panels reachable this way and finds no rule warning.
 */
import { getAt } from '../../recipe/index.ts';
import type { JsonObject } from '../../recipe/index.ts';
import type { PanelSpec } from './types.ts';

export interface PanelToggle {
  request: JsonObject;
  /** What else changed, e.g. "Also switched off Remove background, which cannot go with Blur background."; null if nothing. */
  also: string | null;
}

type Why = 'cannot go with' | 'is needed by' | 'needs';
interface Knock {
  title: string;
  on: boolean;
  why: Why;
  cause: string;
}

function listOf(titles: string[]): string {
  return titles.length <= 1 ? (titles[0] ?? '') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`;
}

/** Switches `id` on or off together with the panels it excludes, requires or is required by. */
export function togglePanel(panels: PanelSpec[], request: JsonObject, id: string, on: boolean): PanelToggle {
  const byId = new Map(panels.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const knocks: Knock[] = [];
  const switchOff = (r: JsonObject, panel: PanelSpec): JsonObject => {
    seen.add(panel.id);
    let next = panel.turnOff(r);
    for (const dependent of panels) {
      if (seen.has(dependent.id) || !dependent.requires?.includes(panel.id) || !dependent.isOn(next))
        continue;
      knocks.push({ title: dependent.title, on: false, why: 'needs', cause: panel.title });
      next = switchOff(next, dependent);
    }
    return next;
  };
  const switchOn = (r: JsonObject, panel: PanelSpec): JsonObject => {
    seen.add(panel.id);
    let next = r;
    for (const excluded of (panel.excludes ?? []).map((x) => byId.get(x))) {
      if (!excluded || seen.has(excluded.id) || !excluded.isOn(next)) continue;
      knocks.push({ title: excluded.title, on: false, why: 'cannot go with', cause: panel.title });
      next = switchOff(next, excluded);
    }
    for (const required of (panel.requires ?? []).map((x) => byId.get(x))) {
      if (!required || seen.has(required.id) || required.isOn(next)) continue;
      knocks.push({ title: required.title, on: true, why: 'is needed by', cause: panel.title });
      next = switchOn(next, required);
    }
    return panel.turnOn && !panel.isOn(next) ? panel.turnOn(next) : next;
  };
  const panel = byId.get(id);
  if (!panel) return { request, also: null };
  const next = on ? switchOn(request, panel) : switchOff(request, panel);
  const changed = panels.filter(
    (p) =>
      !seen.has(p.id) &&
      p.isOn(next) &&
      JSON.stringify(getAt(request, p.path)) !== JSON.stringify(getAt(next, p.path)),
  );
  return { request: next, also: describe(knocks, changed, next) };
}

/** "Also switched off A and B, which cannot go with C. D changed to #FFFFFF." */
function describe(knocks: Knock[], changed: PanelSpec[], after: JsonObject): string | null {
  const sentences: string[] = [];
  const groups = new Map<string, Knock[]>();
  for (const knock of knocks) {
    const key = `${knock.on}|${knock.why}|${knock.cause}`;
    groups.set(key, [...(groups.get(key) ?? []), knock]);
  }
  for (const group of groups.values()) {
    const { on, why, cause } = group[0]!;
    const titles = listOf(group.map((k) => k.title));
    const plural: Record<Why, string> = {
      'cannot go with': why,
      'is needed by': 'are needed by',
      needs: 'need',
    };
    const which = group.length > 1 ? plural[why] : why;
    sentences.push(`Also switched ${on ? 'on' : 'off'} ${titles}, which ${which} ${cause}.`);
  }
  for (const p of changed) {
    const value = getAt(after, p.path);
    sentences.push(`${p.title} changed to ${typeof value === 'string' ? value : JSON.stringify(value)}.`);
  }
  return sentences.length > 0 ? sentences.join(' ') : null;
}
