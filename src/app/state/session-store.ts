/**
 * The run side's state: the photo(s), the running job, the results, the compare view settings.
 * Blobs live here in memory; src/app/persist mirrors them into IndexedDB so they survive a reload.
 * The editor's Replace panel puts an uploaded backdrop in `backdropImage`; Run sends it along.
 */
import { create } from 'zustand';
import type { ApiError, JobView } from '../../recipe/api-types.ts';
import type { Dialect, ExecutorId } from '../../recipe/types.ts';
import type { SubjectBox } from '../../recipe/subject-box.ts';

export type PhotoSource = 'file' | 'drop' | 'paste' | 'sample' | 'url';

export interface Photo {
  id: string;
  name: string;
  /** MIME type sniffed from the bytes ('' for a URL photo the server has not fetched yet). */
  type: string;
  bytes: number;
  /** Orientation applied (EXIF), 0 when not known yet (URL photo). */
  width: number;
  height: number;
  source: PhotoSource;
  /** The bytes; absent for a URL photo until a job brought its input back from the server. */
  blob?: Blob;
  imageUrl?: string;
  /** False when this browser cannot decode the format (e.g. HEIC, TIFF); the server still can. */
  displayable: boolean;
  /**
   * The subject mask as touched up in Backdrop (grey PNG at the photo's size): sent with every later run
   * of this photo instead of a model pass, and applied to providers' cut-outs.
   */
  subjectMask?: { blob: Blob; width: number; height: number; updatedAt: number };
  /** A box around the subject drawn before a run: the local engine segments inside it (a hint). */
  subjectBox?: SubjectBox;
}

export interface ActiveJob {
  id: string;
  photoId: string;
  dialect: Dialect;
  executor: ExecutorId;
  /** The exact JSON text that was sent. */
  requestText: string;
  startedAt: number;
}

export interface ResultEntry {
  id: string;
  photoId: string;
  executor: ExecutorId;
  dialect: Dialect;
  requestText: string;
  createdAt: number;
  job: JobView;
  blob: Blob;
  /** The name the user gave this result; absent = its summary (results/result-label.ts). */
  name?: string;
}

export type CompareMode = 'slider' | 'side' | 'toggle';
/** 'checker' or a '#rrggbb' colour shown behind transparent pixels. */
export type Backdrop = 'checker' | string;

export const RESULTS_KEPT = 12;
const COMPARE_MODES: readonly CompareMode[] = ['slider', 'side', 'toggle'];

export interface SessionState {
  hydrated: boolean;
  photos: Record<string, Photo>;
  currentPhotoId: string | null;
  /** Why the last photo offered was refused (type, bytes, megapixels), shown on the stage. */
  photoError: string | null;
  backdropImage: { name: string; blob: Blob } | null;
  executor: ExecutorId;
  activeJob: ActiveJob | null;
  runError: ApiError | null;
  /** When the last job ended by Cancel (ms since epoch), so the page can say "Cancelled"; null otherwise. */
  cancelledAt: number | null;
  results: ResultEntry[];
  selectedResultId: string | null;
  /** Two result ids picked in the strip to compare with each other. */
  compareIds: string[];
  compareMode: CompareMode;
  backdrop: Backdrop;

  setPhoto(photo: Photo): void;
  updatePhoto(id: string, patch: Partial<Photo>): void;
  clearPhoto(): void;
  setPhotoError(message: string | null): void;
  setBackdropImage(image: { name: string; blob: Blob } | null): void;
  setExecutor(executor: ExecutorId): void;
  startJob(job: ActiveJob): void;
  finishJob(result: ResultEntry | null, error?: ApiError | null): void;
  setRunError(error: ApiError | null): void;
  selectResult(id: string | null): void;
  toggleCompare(id: string): void;
  removeResult(id: string): void;
  /** Replaces a result's bytes and job view (a touch-up or a finishing change re-rendered it on the server). */
  updateResult(id: string, patch: Pick<ResultEntry, 'blob' | 'job'>): void;
  /** Names a result; an empty or blank name goes back to the summary. */
  renameResult(id: string, name: string): void;
  setCompareMode(mode: CompareMode): void;
  cycleCompareMode(): void;
  setBackdrop(backdrop: Backdrop): void;
}

/** Photos no result and no job refers to are dropped, so storage stays bounded. */
function prunePhotos(
  photos: Record<string, Photo>,
  keep: { currentPhotoId: string | null; results: ResultEntry[]; activeJob: ActiveJob | null },
) {
  const used = new Set<string>(keep.results.map((r) => r.photoId));
  if (keep.currentPhotoId) used.add(keep.currentPhotoId);
  if (keep.activeJob) used.add(keep.activeJob.photoId);
  return Object.fromEntries(Object.entries(photos).filter(([id]) => used.has(id)));
}

export const useSession = create<SessionState>()((set, get) => ({
  hydrated: false,
  photos: {},
  currentPhotoId: null,
  photoError: null,
  backdropImage: null,
  executor: 'local',
  activeJob: null,
  runError: null,
  cancelledAt: null,
  results: [],
  selectedResultId: null,
  compareIds: [],
  compareMode: 'slider',
  backdrop: 'checker',

  setPhoto(photo) {
    const s = get();
    const photos = prunePhotos({ ...s.photos, [photo.id]: photo }, { ...s, currentPhotoId: photo.id });
    set({
      photos,
      currentPhotoId: photo.id,
      photoError: null,
      selectedResultId: null,
      compareIds: [],
      runError: null,
      cancelledAt: null,
    });
  },
  updatePhoto(id, patch) {
    const photo = get().photos[id];
    if (photo) set({ photos: { ...get().photos, [id]: { ...photo, ...patch } } });
  },
  clearPhoto() {
    const s = get();
    set({
      currentPhotoId: null,
      selectedResultId: null,
      compareIds: [],
      photos: prunePhotos(s.photos, { ...s, currentPhotoId: null }),
    });
  },
  setPhotoError: (photoError) => set({ photoError }),
  setBackdropImage: (backdropImage) => set({ backdropImage }),
  setExecutor: (executor) => set({ executor }),
  startJob: (activeJob) => set({ activeJob, runError: null, cancelledAt: null }),
  finishJob(result, error = null) {
    const s = get();
    if (!result) {
      // Neither a result nor an error: the job was cancelled.
      set({ activeJob: null, runError: error, cancelledAt: error ? null : Date.now() });
      return;
    }
    const results = [result, ...s.results.filter((r) => r.id !== result.id)].slice(0, RESULTS_KEPT);
    const showIt = result.photoId === s.currentPhotoId;
    set({
      activeJob: null,
      runError: null,
      results,
      selectedResultId: showIt ? result.id : s.selectedResultId,
      compareIds: showIt ? [] : s.compareIds,
      photos: prunePhotos(s.photos, { ...s, results, activeJob: null }),
    });
  },
  setRunError: (runError) => set({ runError }),
  selectResult(id) {
    const result = get().results.find((r) => r.id === id);
    // Picking a result of another photo brings that photo back, so before/after stay a true pair.
    set({ selectedResultId: id, compareIds: [], ...(result ? { currentPhotoId: result.photoId } : {}) });
  },
  toggleCompare(id) {
    const ids = get().compareIds;
    const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-2);
    set({ compareIds: next });
  },
  removeResult(id) {
    const s = get();
    const results = s.results.filter((r) => r.id !== id);
    set({
      results,
      selectedResultId: s.selectedResultId === id ? null : s.selectedResultId,
      compareIds: s.compareIds.filter((x) => x !== id),
      photos: prunePhotos(s.photos, { ...s, results }),
    });
  },
  updateResult(id, patch) {
    const results = get().results.map((r) => (r.id === id ? { ...r, ...patch } : r));
    set({ results });
  },
  renameResult(id, name) {
    const trimmed = name.trim().slice(0, 80);
    set({
      results: get().results.map((r) => {
        if (r.id !== id) return r;
        const next: ResultEntry = { ...r, name: trimmed };
        if (!trimmed) delete next.name;
        return next;
      }),
    });
  },
  setCompareMode: (compareMode) => set({ compareMode }),
  cycleCompareMode() {
    const i = COMPARE_MODES.indexOf(get().compareMode);
    set({ compareMode: COMPARE_MODES[(i + 1) % COMPARE_MODES.length]! });
  },
  setBackdrop: (backdrop) => set({ backdrop }),
}));

export const selectCurrentPhoto = (s: SessionState): Photo | null =>
  s.currentPhotoId ? (s.photos[s.currentPhotoId] ?? null) : null;

export const selectSelectedResult = (s: SessionState): ResultEntry | null =>
  s.results.find((r) => r.id === s.selectedResultId) ?? null;

/** The two results picked to compare, older first: A is "before", B is "after". */
export const selectComparePair = (s: SessionState): ResultEntry[] =>
  s.compareIds
    .map((id) => s.results.find((r) => r.id === id))
    .filter((r): r is ResultEntry => r !== undefined)
    .sort((a, b) => a.createdAt - b.createdAt);
