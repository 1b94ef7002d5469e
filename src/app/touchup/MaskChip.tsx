/**
 * A note in the photo's header when the photo carries a touched-up mask or a subject box: every later run
 * of this photo uses it, so it says so and offers to let it go.
 */
import { formatSubjectBox } from '../../recipe/index.ts';
import { useSession, type Photo } from '../state/session-store.ts';

export function MaskChip({ photo }: { photo: Photo }) {
  const forget = () =>
    useSession.getState().updatePhoto(photo.id, { subjectMask: undefined, subjectBox: undefined });
  if (!photo.subjectMask && !photo.subjectBox) return null;
  const what = photo.subjectMask ? 'Touched-up mask' : `Subject box ${formatSubjectBox(photo.subjectBox!)}`;
  const why = photo.subjectMask
    ? 'Every run of this photo uses this mask instead of the engine’s (and applies it to providers’ cut-outs).'
    : 'The next run on the local engine segments inside this box.';
  return (
    <span className="stage-mask-chip" data-testid="mask-chip" title={why}>
      <span>{what}</span>
      <button
        type="button"
        className="stage-link"
        onClick={forget}
        title={
          photo.subjectMask ? 'Runs go back to the engine’s own mask' : 'Runs segment the whole photo again'
        }
      >
        {photo.subjectMask ? 'Forget' : 'Clear'}
      </button>
    </span>
  );
}
