/**
 * Opens and closes touch-up sessions, and connects one to the rest of the app: where its first mask comes
 * from, saving every change (to the photo, used by later runs, and to the result's job, which re-renders
 * it), the box tool (a local job segmenting inside the box), mask files, and the editor's undo/redo.
 */
import { formatSubjectBox, type SubjectBox } from '../../recipe/index.ts';
import {
  BffError,
  cancelJob,
  createJob,
  getBlob,
  jobUrls,
  putMask,
  toApiError,
  waitForJobChange,
} from '../api/client.ts';
import { showToast } from '../common/toast.ts';
import { useEditor } from '../state/editor-store.ts';
import { useSession, type Photo, type ResultEntry } from '../state/session-store.ts';
import { decodeMaskImage, encodeMaskPng, maskFileName, photoPixels } from './mask-png.ts';
import { MaskSession } from './mask-session.ts';
import { useTouchup, type TouchupTarget } from './touchup-store.ts';

const SAVE_DELAY_MS = 500;
const BOX_TIMEOUT_MS = 180_000;

let session: MaskSession | null = null;
let photoData: Promise<ImageData | null> | null = null;
const sessionListeners = new Set<(s: MaskSession | null) => void>();

export function currentSession(): MaskSession | null {
  return session;
}

/** Tells `listener` whenever a session opens or closes (the canvas binds to it). */
export function onSession(listener: (s: MaskSession | null) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function setSession(next: MaskSession | null): void {
  session = next;
  photoData = null;
  for (const listener of sessionListeners) listener(next);
}

const lookup = (target: TouchupTarget) => {
  const s = useSession.getState();
  return {
    photo: s.photos[target.photoId],
    result: target.resultId ? s.results.find((r) => r.id === target.resultId) : undefined,
  };
};

/** The mask to start from: the photo's own touched-up mask, else the result job's mask. */
async function baseMask(photo: Photo, result: ResultEntry | undefined) {
  const size = { width: photo.width, height: photo.height };
  if (photo.subjectMask) return decodeMaskImage(photo.subjectMask.blob, size);
  if (!result) return null;
  try {
    return await decodeMaskImage(await getBlob(jobUrls(result.id).mask), size);
  } catch (error) {
    if (error instanceof BffError && error.status === 404)
      throw new Error(
        'The server no longer has this result (it restarted or the result expired): run it again to touch it up.',
        { cause: error },
      );
    throw error;
  }
}

/** Enters touch-up mode for a result (or, before any run, for a photo: the box tool only). */
export async function openTouchup(target: TouchupTarget): Promise<void> {
  const store = useTouchup.getState();
  store.open(target);
  setSession(null);
  const { photo, result } = lookup(target);
  if (!photo) return store.setStatus({ kind: 'error', message: 'The photo is gone; drop it again.' });
  if (!result) store.setTool('box');
  try {
    const base = await baseMask(photo, result);
    if (useTouchup.getState().target !== target) return; // left or switched meanwhile
    if (base) {
      const next = new MaskSession({ photoId: photo.id, base });
      next.onCommit = scheduleSave;
      next.onApplying = (busy) => {
        if (busy) store.setStatus({ kind: 'applying' });
        else if (useTouchup.getState().status.kind === 'applying') store.setStatus({ kind: 'ready' });
      };
      store.setAdjustments(next.adjustments);
      setSession(next);
    }
    store.setStatus({ kind: 'ready' });
  } catch (error) {
    const message = error instanceof Error ? error.message : toApiError(error).message;
    store.setStatus({ kind: 'error', message });
  }
}

export async function closeTouchup(): Promise<void> {
  await flushSave();
  useTouchup.getState().close();
  setSession(null);
}

/** The photo's pixels for the edge-aware brush and the cut-out view (decoded once per session). */
export function sessionPhoto(): Promise<ImageData | null> {
  const target = useTouchup.getState().target;
  const photo = target && lookup(target).photo;
  photoData ??= photo?.blob ? photoPixels(photo.blob).catch(() => null) : Promise.resolve(null);
  return photoData;
}

/* ---- saving ---- */

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> = Promise.resolve();
let dirty = false;

function scheduleSave(): void {
  dirty = true;
  // Said at once: the status must never read "saved" while an edit waits for its save.
  useTouchup.getState().setStatus({ kind: 'saving' });
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void flushSave(), SAVE_DELAY_MS);
}

/** Saves now if anything changed since the last save (and waits for a save in flight). */
function flushSave(): Promise<void> {
  clearTimeout(saveTimer);
  saving = saving.then(async () => {
    if (!dirty || !session) return;
    dirty = false;
    await save(session);
  });
  return saving;
}

async function save(current: MaskSession): Promise<void> {
  const store = useTouchup.getState();
  const target = store.target;
  store.setStatus({ kind: 'saving' });
  try {
    await current.settled();
    const png = await encodeMaskPng(current.adjusted);
    const { photo, result } = target ? lookup(target) : { photo: undefined, result: undefined };
    if (photo) {
      const subjectMask = { blob: png, width: current.width, height: current.height, updatedAt: Date.now() };
      useSession.getState().updatePhoto(photo.id, { subjectMask, subjectBox: undefined });
    }
    if (result) {
      const job = await putMask(result.id, png);
      const stamp = Date.parse(job.mask?.editedAt ?? '') || Date.now();
      const blob = await getBlob(`${jobUrls(result.id).result}?touchup=${stamp}`);
      useSession.getState().updateResult(result.id, { blob, job });
    }
    store.setStatus({ kind: 'saved', at: Date.now() });
  } catch (error) {
    const api = toApiError(error);
    const gone = error instanceof BffError && error.status === 404;
    store.setStatus({
      kind: 'error',
      message: gone
        ? 'The server no longer has this result, so it was not re-rendered; the mask is kept and used by the next run.'
        : `The result was not updated: ${api.message}`,
    });
  }
}

/* ---- box ---- */

/**
 * The box tool. Before a run it is a hint the next local run segments inside. On a result, a local job
 * segments the photo inside the box (same request), and its mask replaces the mask (one undo step).
 */
export async function applyBox(box: SubjectBox): Promise<void> {
  const store = useTouchup.getState();
  const target = store.target;
  if (!target) return;
  const { photo, result } = lookup(target);
  if (!photo) return;
  if (!result || !session) {
    useSession.getState().updatePhoto(photo.id, { subjectBox: box });
    showToast(`Box set (${formatSubjectBox(box)}): the next local run segments inside it.`, 'success');
    return;
  }
  store.setStatus({ kind: 'boxing' });
  let jobId: string | null = null;
  try {
    const form = new FormData();
    if (photo.blob) form.set('image', photo.blob, photo.name);
    else if (photo.imageUrl) form.set('imageUrl', photo.imageUrl);
    form.set('dialect', result.dialect);
    form.set('request', result.requestText);
    form.set('executor', 'local');
    form.set('subjectBox', formatSubjectBox(box));
    jobId = (await createJob(form)).id;
    const deadline = Date.now() + BOX_TIMEOUT_MS;
    let job = await waitForJobChange(jobId, 20_000);
    while ((job.status === 'queued' || job.status === 'running') && Date.now() < deadline)
      job = await waitForJobChange(jobId, 20_000);
    if (job.status !== 'done') throw new Error(job.error?.message ?? `The box job is ${job.status}.`);
    const mask = await decodeMaskImage(await getBlob(jobUrls(jobId).mask), session);
    if (useTouchup.getState().target !== target || !session) return;
    session.replace(mask.data);
    store.setStatus({ kind: 'ready' });
  } catch (error) {
    store.setStatus({ kind: 'error', message: `The box could not be applied: ${toApiError(error).message}` });
  } finally {
    if (jobId) void cancelJob(jobId).catch(() => {}); // a helper: nobody keeps it
  }
}

/* ---- files ---- */

export async function downloadMask(): Promise<{ url: string; name: string } | null> {
  const target = useTouchup.getState().target;
  if (!session || !target) return null;
  const png = await encodeMaskPng(session.adjusted);
  const photo = lookup(target).photo;
  return { url: URL.createObjectURL(png), name: maskFileName(photo?.name) };
}

export async function loadMaskFile(file: File): Promise<void> {
  if (!session) return;
  try {
    const mask = await decodeMaskImage(file, session);
    session.replace(mask.data);
    showToast(`Loaded ${file.name} as the mask.`, 'success');
  } catch (error) {
    showToast(error instanceof Error ? error.message : String(error), 'danger');
  }
}

/* ---- undo / redo ---- */

useEditor.subscribe((state, before) => {
  const mark = state.touchup;
  if (!session || mark === before.touchup || !mark || mark.photoId !== session.photoId) return;
  const now = session.mark();
  if (mark.version === now.version && mark.grow === now.grow && mark.feather === now.feather) return;
  if (!session.restore(mark)) {
    showToast('That touch-up step is too old to undo.', 'warning');
    return;
  }
  useTouchup.getState().setAdjustments(mark);
});
