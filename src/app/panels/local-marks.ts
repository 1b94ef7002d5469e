/**
 * Which options the local engine only approximates, for one generated control: a few words per choice
 * (marked on the choice before any run) and the rows the current value uses (said under the control).
 * Everything comes from the recipe's table of local approximations, the one the engine's warnings use.
 */
import { localApproximationsIn, setAt } from '../../recipe/index.ts';
import type { Dialect, JsonObject, LocalApproximation, OptionDoc } from '../../recipe/index.ts';
import { choicesOf } from './controls/types.ts';
import type { FieldSpec } from './types.ts';

export interface LocalMarks {
  /** Per choice of the control, in order: the short words when that choice is approximated, else null. */
  choices: (string | null)[];
  /** The rows the field's current value uses. */
  notes: LocalApproximation[];
}

const covers = (owner: string) => (path: string) => path === owner || path.startsWith(`${owner}.`);
/** The option a field holds: its own path, or `type` inside it (a value given in object form). */
const holds = (field: string) => (path: string) => path === field || path === `${field}.type`;

/** Same marks, same object: Field is memoised and should not re-render for an equal answer. */
const interned = new Map<string, LocalMarks>();
function intern(marks: LocalMarks): LocalMarks {
  const key = JSON.stringify([marks.choices, marks.notes.map((row) => row.id)]);
  const found = interned.get(key);
  if (found) return found;
  if (interned.size > 200) interned.clear();
  interned.set(key, marks);
  return marks;
}

const NONE: LocalMarks = { choices: [], notes: [] };

export function localMarksFor(
  dialect: Dialect,
  request: JsonObject,
  spec: FieldSpec,
  doc: OptionDoc | undefined,
): LocalMarks {
  const kind = spec.kind;
  const choices =
    kind === 'segmented' || kind === 'select'
      ? choicesOf(spec, doc).map((choice) => {
          // What the request would be with this choice, asked about the options under this control.
          const written = spec.write
            ? spec.write(request, choice.value)
            : setAt(request, spec.path, choice.value);
          return localApproximationsIn(dialect, written, covers(spec.path))[0]?.short ?? null;
        })
      : [];
  const notes = localApproximationsIn(dialect, request, holds(spec.path));
  if (notes.length === 0 && choices.every((c) => c === null)) return NONE;
  return intern({ choices, notes });
}
