/**
 * The Preset menu's state: which preset the panels were last set from (a marketplace preset or one of
 * the user's own), the requests it set per dialect (so an edit afterwards shows as "modified"), and the
 * user's own presets, kept in this browser's localStorage and exportable/importable as a JSON file.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Dialect, JsonObject } from '../../recipe/index.ts';
import type { UserPreset } from '../../recipe/presets/user-presets.ts';

export const PRESETS_STORAGE_KEY = 'backdrop.presets.v1';

/** A marketplace preset by id, or a user preset by name. */
export type PresetRef = { kind: 'builtin'; id: string } | { kind: 'user'; name: string };

export interface PresetState {
  active: PresetRef | null;
  /** The requests the active preset set, per dialect, in a canonical form (JSON text with sorted keys). */
  applied: Partial<Record<Dialect, string>>;
  userPresets: UserPreset[];
  /** Remembers that the panels were just set from `ref` to `requests`. */
  applyPreset(ref: PresetRef, requests: Partial<Record<Dialect, JsonObject>>): void;
  /** Forgets the active preset (the panels keep their values). */
  clearPreset(): void;
  setUserPresets(presets: UserPreset[]): void;
}

/** JSON with object keys sorted, so key order never counts as a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export const usePresets = create<PresetState>()(
  persist(
    (set) => ({
      active: null,
      applied: {},
      userPresets: [],
      applyPreset: (ref, requests) =>
        set({
          active: ref,
          applied: Object.fromEntries(Object.entries(requests).map(([d, r]) => [d, canonical(r)])),
        }),
      clearPreset: () => set({ active: null, applied: {} }),
      setUserPresets: (userPresets) => set({ userPresets }),
    }),
    { name: PRESETS_STORAGE_KEY, version: 1 },
  ),
);

/** True when the active dialect's request is no longer what the active preset set. */
export function isModified(
  state: Pick<PresetState, 'active' | 'applied'>,
  dialect: Dialect,
  request: JsonObject,
) {
  if (!state.active) return false;
  const applied = state.applied[dialect];
  return applied === undefined || applied !== canonical(request);
}

/** The marketplace preset whose rules verify results of the active preset, if any. */
export function rulesPresetId(state: Pick<PresetState, 'active' | 'userPresets'>): string | undefined {
  const active = state.active;
  if (!active) return undefined;
  if (active.kind === 'builtin') return active.id;
  return state.userPresets.find((p) => p.name === active.name)?.rulesFrom;
}
