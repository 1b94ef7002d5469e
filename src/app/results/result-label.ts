/**
 * A result's label: a short summary of its request in the panels' own words ("Blur · Lens · High"), so
 * variants of one photo can be told apart in the strip, on the stage and in download names. Among the
 * results of one photo, what they all share is left out, so the label says what differs.
 */
import { getAt, optionDoc } from '../../recipe/index.ts';
import type { Dialect, Json, JsonObject } from '../../recipe/index.ts';
import { fieldLabel, panelsFor } from '../panels/registry.ts';
import { choicesOf, sameJson } from '../panels/controls/types.ts';
import type { FieldSpec } from '../panels/types.ts';
import { executorShort } from '../run/labels.ts';
import type { ResultEntry } from '../state/session-store.ts';

/** One piece of a label; `key` says what it is about and its value, so two requests' parts compare. */
export interface LabelPart {
  key: string;
  text: string;
  /** The panel it belongs to; a panel's head word stays while any of its other parts is shown. */
  panel: string;
}

/** Operations get a head word; colour, framing and output values say what they are by themselves. */
const HEAD: Record<string, string> = {
  remove: 'Cut out',
  blur: 'Blur',
  replace: 'Replace',
  generate: 'Generate',
};

const QUOTE_MAX = 24;

function quoted(text: string): string {
  const t = text.trim();
  return `“${t.length > QUOTE_MAX ? `${t.slice(0, QUOTE_MAX - 1).trimEnd()}…` : t}”`;
}

function urlText(text: string): string {
  try {
    const url = new URL(text);
    return url.pathname.split('/').filter(Boolean).pop() ?? url.hostname;
  } catch {
    return quoted(text);
  }
}

const valueOf = (f: FieldSpec, r: JsonObject) => (f.read ? f.read(r) : getAt(r, f.path));

/** A field's value in words, or null when it adds nothing to a label (unset, off, empty). */
function fieldText(dialect: Dialect, f: FieldSpec, value: Json): string | null {
  const doc = optionDoc(dialect, f.docPath ?? f.path);
  const label = fieldLabel(dialect, f);
  const choice = choicesOf(f, doc).find((c) => sameJson(c.value, value));
  if (choice) return choice.label;
  if (value === false || value === '' || value === null) return null;
  if (value === true) return label;
  if (Array.isArray(value)) return f.kind === 'color-rgb' ? `rgb(${value.join(', ')})` : null;
  if (typeof value === 'object') return null;
  switch (f.kind) {
    case 'color-hex':
      return String(value);
    case 'format':
      return String(value).toUpperCase();
    case 'url':
      return urlText(String(value));
    case 'text':
      return quoted(String(value));
    case 'length':
      return String(value);
    default:
      return `${label} ${String(value)}`;
  }
}

/** Width and height fields sit side by side (`half`); in a label they read as one "W × H". */
function fieldParts(dialect: Dialect, panel: string, fields: FieldSpec[], r: JsonObject): LabelPart[] {
  const parts: LabelPart[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.visible && !f.visible(r)) continue;
    const next = fields[i + 1];
    if (f.half && next?.half) {
      const a = valueOf(f, r);
      const b = valueOf(next, r);
      i++;
      if (a === undefined && b === undefined) continue;
      const text = `${a === undefined ? 'auto' : String(a)} × ${b === undefined ? 'auto' : String(b)}`;
      parts.push({ key: `${f.path}+${next.path}=${JSON.stringify([a, b])}`, text, panel });
      continue;
    }
    const value = valueOf(f, r);
    const text = value === undefined || f.inSummary?.(value) === false ? null : fieldText(dialect, f, value);
    if (text) parts.push({ key: `${f.path}=${JSON.stringify(value)}`, text, panel });
  }
  return parts;
}

/** Every part of a request's summary, panel by panel in display order. Unparseable text gives none. */
export function requestParts(dialect: Dialect, requestText: string): LabelPart[] {
  let r: JsonObject;
  try {
    r = JSON.parse(requestText) as JsonObject;
  } catch {
    return [];
  }
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return [];
  return panelsFor(dialect).flatMap((p) => {
    if (!p.isOn(r)) return [];
    const head = HEAD[p.id];
    const parts = fieldParts(dialect, p.id, p.fields, r);
    return head ? [{ key: `panel:${p.id}`, text: head, panel: p.id }, ...parts] : parts;
  });
}

/**
 * The label shown for a result: the name the user gave it, else its summary, keeping only the parts
 * not shared by every result of the same photo (an operation's head word stays with its parts). When
 * nothing in the requests differs, the executor is what tells them apart; when that is shared too (the
 * same request run twice) the whole summary is shown.
 */
export function resultLabel(result: ResultEntry, all: readonly ResultEntry[]): string {
  if (result.name) return result.name;
  const own = requestParts(result.dialect, result.requestText);
  const executor = executorShort(result.executor);
  const siblings = all.filter((r) => r.photoId === result.photoId && r.id !== result.id);
  const summary = (parts: LabelPart[]) => parts.map((p) => p.text).join(' · ');
  if (siblings.length === 0) return summary(own) || executor;
  const others = siblings.map((s) => new Set(requestParts(s.dialect, s.requestText).map((p) => p.key)));
  const differs = (p: LabelPart) => others.some((keys) => !keys.has(p.key));
  const kept = own.filter((p) => differs(p));
  const panels = new Set(kept.map((p) => p.panel));
  const shown = own.filter((p) => differs(p) || (p.key === `panel:${p.panel}` && panels.has(p.panel)));
  if (shown.length > 0) return summary(shown);
  if (siblings.some((s) => s.executor !== result.executor)) return executor;
  return summary(own) || executor;
}
