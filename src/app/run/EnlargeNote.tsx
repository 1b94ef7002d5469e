/**
 * Before a run: a word when the request will enlarge the photo, or the object in it, beyond its own
 * pixels (recipe enlargement.ts, the engine's framing geometry), with the factor and what to change.
 */
import { useMemo } from 'react';
import {
  dialectModule,
  enlargement,
  toPlan,
  type Dialect,
  type Enlargement,
  type JsonObject,
} from '../../recipe/index.ts';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';
import { selectCurrentPhoto, useSession } from '../state/session-store.ts';
import { ShowOptionLink } from './ShowOptionLink.tsx';

const times = (factor: number) => `×${Number(factor.toFixed(1))}`;
const size = (s: { width: number; height: number }) => `${Math.round(s.width)} × ${Math.round(s.height)}`;

/** The option to change, by what enlarges: the item area of a generated backdrop, else the size. */
function optionPath(dialect: Dialect, generated: boolean): string {
  const paths = dialectModule(dialect).optionPaths;
  return (generated && paths.itemArea) || paths.width;
}

/** `itemArea`: the object's share of a generated backdrop's canvas; undefined for any other background. */
function sentence(e: Enlargement, itemArea: number | undefined): string {
  const by = `${e.atLeast ? 'at least ' : ''}${times(e.factor)}`;
  if (itemArea !== undefined) {
    const share = Math.round(itemArea * 100);
    return (
      `Filling ${share}% of the canvas enlarges the object ${by}, beyond its own pixels: its edges will ` +
      'look soft. Lower the object size, or use a photo in which the object is larger.'
    );
  }
  if (e.what === 'object') {
    return (
      `Cropping to the object and sizing it to ${size(e.to)} enlarges it ${by}, beyond its own pixels: ` +
      'its edges will look soft. Ask for a smaller size, or use a larger photo.'
    );
  }
  return (
    `This enlarges the photo ${by} (${size(e.from)} → ${size(e.to)}), beyond its own pixels: edges will ` +
    'look soft. Ask for a smaller size, or use a larger photo.'
  );
}

export default function EnlargeNote() {
  const photo = useSession(selectCurrentPhoto);
  const dialect = useEditor((s) => s.dialect);
  const request = useEditor(selectActiveRequest);
  const width = photo?.width ?? 0;
  const height = photo?.height ?? 0;
  const found = useMemo(() => {
    let plan;
    try {
      plan = toPlan(dialect, request as JsonObject);
    } catch {
      return null; // A request with errors says so itself; Run is blocked until it is fixed.
    }
    const e = enlargement(plan, { width, height });
    if (!e) return null;
    const itemArea = plan.background.kind === 'generated' ? plan.background.itemAreaPercentage : undefined;
    return { text: sentence(e, itemArea), path: optionPath(dialect, itemArea !== undefined) };
  }, [dialect, request, width, height]);
  if (!found) return null;
  return (
    <p className="run-note run-note-warn" role="status" data-testid="enlarge-note">
      {found.text} <ShowOptionLink path={found.path} />
    </p>
  );
}
