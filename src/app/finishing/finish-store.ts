/**
 * The editor's finishing settings (Backdrop's own shadow and placement, beside the request — never in
 * it). `on` is the panel's switch; `finish` keeps what was set while it is off, so switching it back on
 * restores it. Persisted in localStorage apart from the requests; the panel checks a restored value with
 * the recipe's parseFinish when it loads (`keepIfValid`), so one that no longer validates is dropped.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
// Types only: the recipe's finish module (schemas, docs) loads with the panel, not with the first paint.
import type { Finish, FinishPlacement, FinishShadow, ShadowType } from '../../recipe/finish.ts';

const FINISH_STORAGE_KEY = 'backdrop.finish.v1';

/** What switching the panel on for the first time gives: a contact shadow, the subject left in place. */
export const STARTING_FINISH: Finish = { shadow: { type: 'contact' } };

export interface FinishState {
  on: boolean;
  finish: Finish;
  setOn(on: boolean): void;
  /** Another shadow kind: its own defaults, keeping only the colour (numbers mean different things). */
  setShadowType(type: ShadowType): void;
  /** Sets (or with undefined clears, back to the kind's default) one shadow setting. */
  setShadow<K extends Exclude<keyof FinishShadow, 'type'>>(key: K, value: FinishShadow[K] | undefined): void;
  /** Placement on (with the defaults) or off (the framing places the subject). */
  setPlacementOn(on: boolean): void;
  setPlacement<K extends keyof FinishPlacement>(key: K, value: FinishPlacement[K] | undefined): void;
  /** Replaces everything (a share link, a preset); `null` switches finishing off. */
  applyFinish(finish: Finish | null): void;
  /** Drops a restored value the validator refuses (back to the starting settings, switched off). */
  keepIfValid(isValid: (finish: unknown) => boolean): void;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const useFinish = create<FinishState>()(
  persist(
    (set, get) => ({
      on: false,
      finish: STARTING_FINISH,
      setOn: (on) => set({ on }),
      setShadowType(type) {
        const { finish } = get();
        const color = finish.shadow?.color;
        const shadow: FinishShadow =
          type === 'none' || type === 'keep' || !color ? { type } : { type, color };
        set({ on: true, finish: { ...finish, shadow } });
      },
      setShadow(key, value) {
        const { finish } = get();
        const base: FinishShadow = finish.shadow ?? { type: 'contact' };
        const shadow = withoutUndefined<FinishShadow>({ ...base, [key]: value });
        set({ finish: { ...finish, shadow } });
      },
      setPlacementOn(on) {
        const { finish } = get();
        const { placement: _old, ...rest } = finish;
        set({ finish: on ? { ...rest, placement: _old ?? {} } : rest });
      },
      setPlacement(key, value) {
        const { finish } = get();
        set({ finish: { ...finish, placement: withoutUndefined({ ...finish.placement, [key]: value }) } });
      },
      applyFinish(finish) {
        if (finish === null) set({ on: false });
        else set({ on: true, finish });
      },
      keepIfValid(isValid) {
        if (!isValid(get().finish)) set({ on: false, finish: STARTING_FINISH });
      },
    }),
    {
      name: FINISH_STORAGE_KEY,
      version: 1,
      partialize: (s) => ({ on: s.on, finish: s.finish }),
      merge: (persisted, current) => {
        const stored = persisted as Partial<Pick<FinishState, 'on' | 'finish'>> | undefined;
        const usable = typeof stored?.finish === 'object' && stored.finish !== null;
        return {
          ...current,
          on: usable && stored.on === true,
          finish: usable ? stored.finish! : current.finish,
        };
      },
    },
  ),
);

/** The finishing a run sends: the settings while the panel is on, else none. */
export const selectActiveFinish = (s: Pick<FinishState, 'on' | 'finish'>): Finish | null =>
  s.on ? s.finish : null;
