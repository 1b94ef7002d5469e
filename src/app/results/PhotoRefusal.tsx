import { useSession } from '../state/session-store.ts';

/** Why the last photo offered was refused: shown where the user looks, until the next try. */
export function PhotoRefusal() {
  const error = useSession((s) => s.photoError);
  const dismiss = useSession((s) => s.setPhotoError);
  if (!error) return null;
  return (
    <div className="stage-refusal" role="alert" data-testid="photo-error">
      <span>{error}</span>
      <button
        type="button"
        className="stage-refusal-close"
        aria-label="Dismiss"
        onClick={() => dismiss(null)}
      >
        ×
      </button>
    </div>
  );
}
