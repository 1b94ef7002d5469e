/**
 * The Preset menu's state: which preset the panels were last set from (a marketplace preset or one of
 * the user's own), the requests and the finishing it set (so an edit of either afterwards shows as
 * "modified"), and the
 * user's own presets, kept in this browser's localStorage and exportable/importable as a JSON file.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Dialect, JsonObject } from '../../recipe/index.ts';
import type { Finish } from '../../recipe/finish.ts';
import type { UserPreset } from '../../recipe/presets/user-presets.ts';

const PRESETS_STORAGE_KEY = 'backdrop.presets.v1';

/** A marketplace preset by id, or a user preset by name. */
export type PresetRef = { kind: 'builtin'; id: string } | { kind: 'user'; name: string };

export interface PresetState {
  active: PresetRef | null;
  /** The requests the active preset set, per dialect, in a canonical form (JSON text with sorted keys). */
  applied: Partial<Record<Dialect, string>>;
  /**
   * The finishing the active preset left active (canonical JSON; `null` when it switched finishing off).
   * Undefined in a state saved before finishing counted: then only the requests say "modified".
   */
  appliedFinish?: string;
  userPresets: UserPreset[];
  /**
   * Remembers that the panels were just set from `ref` to `requests`, and the Finishing panel to `finish`
   * (the active finishing right after, `null` when off).
   */
  applyPreset(ref: PresetRef, requests: Partial<Record<Dialect, JsonObject>>, finish: Finish | null): void;
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
      applyPreset: (ref, requests, finish) =>
        set({
          active: ref,
          applied: Object.fromEntries(Object.entries(requests).map(([d, r]) => [d, canonical(r)])),
          appliedFinish: canonical(finish),
        }),
      clearPreset: () => set({ active: null, applied: {}, appliedFinish: undefined }),
      setUserPresets: (userPresets) => set({ userPresets }),
    }),
    { name: PRESETS_STORAGE_KEY, version: 1 },
  ),
);

/**
 * True when the active dialect's request, or the active finishing (`null` while the Finishing panel is
 * off), is no longer what the active preset set. Key order never counts.
 */
export function isModified(
  state: Pick<PresetState, 'active' | 'applied' | 'appliedFinish'>,
  dialect: Dialect,
  request: JsonObject,
  finish: Finish | null,
) {
  if (!state.active) return false;
  const applied = state.applied[dialect];
  if (applied === undefined || applied !== canonical(request)) return true;
  return state.appliedFinish !== undefined && state.appliedFinish !== canonical(finish);
}

/** The marketplace preset whose rules verify results of the active preset, if any. */
export function rulesPresetId(state: Pick<PresetState, 'active' | 'userPresets'>): string | undefined {
  const active = state.active;
  if (!active) return undefined;
  if (active.kind === 'builtin') return active.id;
  return state.userPresets.find((p) => p.name === active.name)?.rulesFrom;
}
