/**
 * Panels as data: each panel is one object listing its fields; each field names a JSON path and a control
 * kind. All words (label, explanation, default, allowed values, doc link) come from the recipe's option
 * docs, so the panels can never drift from what the JSON preview and the server accept.
 */
import type { Dialect, Json, JsonObject } from '../../recipe/index.ts';

export type ControlKind =
  | 'toggle'
  | 'segmented'
  | 'select'
  | 'text'
  | 'number'
  | 'slider'
  | 'color-hex'
  | 'color-rgb'
  | 'url'
  | 'length'
  | 'format'
  | 'seed';

export interface Choice {
  value: Json;
  label: string;
}

export interface FieldSpec {
  /** The JSON path this control edits; rendered as `data-path`. */
  path: string;
  kind: ControlKind;
  /** Where its words live when not at `path` (e.g. a mode control documented on its parent). */
  docPath?: string;
  /** Overrides the label from the docs (short labels inside a panel). */
  label?: string;
  /** Choices for segmented/select; defaults to the documented values. */
  choices?: Choice[];
  /** Hidden unless this returns true (e.g. the category only in category mode). */
  visible?(request: JsonObject): boolean;
  /** Shares a row with the next half-width field (width beside height). */
  half?: boolean;
  /** Folded under "Advanced" inside the panel. */
  advanced?: boolean;
  /** Reads the value shown; defaults to the value at `path`. */
  read?(request: JsonObject): Json | undefined;
  /** Writes a new value; defaults to setting `path` (undefined deletes). */
  write?(request: JsonObject, value: Json | undefined): JsonObject;
  /** Shown when nothing is set and the docs name no default. */
  placeholder?: string;
  min?: number;
  max?: number;
  step?: number;
  /** Length controls: which units the dialect accepts. */
  units?: ('px' | '%')[];
  /** Text controls: an emptied field writes "" instead of removing the key (the key must stay). */
  keepEmpty?: boolean;
  /** Number controls whose value is an integer. */
  integer?: boolean;
  /** False where a result's label (results/result-label.ts) should leave this value out. */
  inSummary?(value: Json): boolean;
}

export interface PanelSpec {
  id: string;
  dialect: Dialect;
  title: string;
  /** The request path the panel is about; its on/off switch carries it as `data-path`. */
  path: string;
  /** One line under the title, in the user's words. */
  summary: string;
  isOn(request: JsonObject): boolean;
  /** What switching the panel on writes; absent = the panel just opens (its fields are all optional). */
  turnOn?(request: JsonObject): JsonObject;
  turnOff(request: JsonObject): JsonObject;
  /** Panels that cannot go with this one: switching it on switches them off (toggle-panel.ts). */
  excludes?: string[];
  /** Panels this one needs: switched on with it; switching one of them off switches this one off. */
  requires?: string[];
  fields: FieldSpec[];
  /** A non-option control shown under the fields (e.g. uploading a backdrop file). */
  extra?: 'backdrop-upload';
}
