/**
 * Starting and cancelling a job. The request sent is the exact printed JSON the preview shows; the
 * photo goes as the `image` file (or `imageUrl` for a URL photo); an uploaded Replace backdrop goes
 * as `backgroundImage`. Errors land in the session store; nothing the user set is touched.
 */
import { dialectModule, formatSubjectBox, getAt, print } from '../../recipe/index.ts';
import type { Dialect, ExecutorId, Finish, JsonObject } from '../../recipe/index.ts';
import { cancelJob, createJob, toApiError } from '../api/client.ts';
import { useSession, type Photo } from '../state/session-store.ts';
import { selectActiveFinish, useFinish } from '../finishing/finish-store.ts';
import { rulesPresetId, usePresets } from '../state/preset-store.ts';

export interface RunInput {
  photo: Photo;
  dialect: Dialect;
  request: JsonObject;
  executor: ExecutorId;
  /** Backdrop's finishing (the Finishing panel), sent as the `finish` field. */
  finish?: Finish | null;
}

export function buildJobForm(input: RunInput, backdrop: { name: string; blob: Blob } | null): FormData {
  const form = new FormData();
  if (input.photo.blob) form.set('image', input.photo.blob, input.photo.name);
  else if (input.photo.imageUrl) form.set('imageUrl', input.photo.imageUrl);
  form.set('dialect', input.dialect);
  form.set('request', print(input.request, input.dialect));
  form.set('executor', input.executor);
  // Backdrop's finishing travels beside the request, never inside it.
  if (input.finish) form.set('finish', JSON.stringify(input.finish));
  // Picked from the Preset menu: the server checks the result against the preset's rules.
  const preset = rulesPresetId(usePresets.getState());
  if (preset) form.set('preset', preset);
  // Only when the request actually asks for a replacement (a stale upload must not ride along), and
  // only locally: the providers fetch `background.replace` themselves and the BFF refuses the file.
  const replacePath = dialectModule(input.dialect).optionPaths.backgroundImage;
  const replaces = replacePath !== undefined && getAt(input.request, replacePath) !== undefined;
  if (backdrop && replaces && input.executor === 'local') {
    form.set('backgroundImage', backdrop.blob, backdrop.name);
  }
  // A touched-up mask replaces the model (local) or becomes the alpha of the provider's cut-out; a box
  // drawn before the first run is a hint for the local engine only (the providers have no such option).
  const { subjectMask, subjectBox } = input.photo;
  if (subjectMask) form.set('mask', subjectMask.blob, 'mask.png');
  else if (subjectBox && input.executor === 'local') form.set('subjectBox', formatSubjectBox(subjectBox));
  return form;
}

let starting = false;

export async function startRun(input: RunInput): Promise<void> {
  const session = useSession.getState();
  if (starting || session.activeJob) return;
  starting = true;
  try {
    const finish = input.finish === undefined ? selectActiveFinish(useFinish.getState()) : input.finish;
    const form = buildJobForm({ ...input, finish }, session.backdropImage);
    const { id } = await createJob(form);
    useSession.getState().startJob({
      id,
      photoId: input.photo.id,
      dialect: input.dialect,
      executor: input.executor,
      requestText: String(form.get('request')),
      startedAt: Date.now(),
    });
  } catch (error) {
    useSession.getState().setRunError(toApiError(error));
  } finally {
    starting = false;
  }
}

export async function cancelRun(): Promise<void> {
  const job = useSession.getState().activeJob;
  if (!job) return;
  try {
    await cancelJob(job.id);
    useSession.getState().finishJob(null, null);
  } catch (error) {
    useSession.getState().setRunError(toApiError(error));
  }
}
