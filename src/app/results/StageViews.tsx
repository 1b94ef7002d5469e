/**
 * The stage's views once there is something to show (lazy-loaded by Stage.tsx): a photo with its
 * facts; a running job with a preview → photo vs preview; a result → before/after; two results picked
 * in the strip → A vs B with their requests diffed.
 */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useJobPolling } from '../api/hooks.ts';
import { formatBytes } from '../input/check-photo.ts';
import { typeLabel } from '../input/image-header.ts';
import { useJobPreview } from '../run/use-job-watcher.ts';
import { executorShort } from '../run/labels.ts';
import {
  selectComparePair,
  selectCurrentPhoto,
  selectSelectedResult,
  useSession,
  type Photo,
  type ResultEntry,
} from '../state/session-store.ts';
import { Compare, type CompareSide } from './Compare.tsx';
import { downloadName, labelSuffix } from '../../recipe/index.ts';
import { photoPlacement } from './photo-placement.ts';
import { PhotoRefusal } from './PhotoRefusal.tsx';
import { PickFileButton } from './PickFileButton.tsx';
import { RequestDiff } from './RequestDiff.tsx';
import { RunningBadge } from './RunningBadge.tsx';
import { PhotoToolbar, StageToolbar } from './StageToolbar.tsx';
import { useObjectUrl } from './use-object-url.ts';
import { useResultLabel } from './use-result-label.ts';
import { UrlPhoto } from './UrlPhoto.tsx';
import { useViewShortcuts } from './use-view-shortcuts.ts';
import { useView } from './view-store.ts';
import { useTouchup, type TouchupTarget } from '../touchup/touchup-store.ts';
import { MaskChip } from '../touchup/MaskChip.tsx';

const TouchUpView = lazy(() => import('../touchup/TouchUpView.tsx'));

/** Touch-up's code loads with the mode, not with the stage. */
const openTouchup = (target: TouchupTarget) =>
  void import('../touchup/touchup-controller.ts').then((m) => m.openTouchup(target));
const closeTouchup = () => void import('../touchup/touchup-controller.ts').then((m) => m.closeTouchup());

function photoFacts(photo: Photo): string {
  if (!photo.blob) return photo.imageUrl ?? 'image URL';
  const dims = photo.width && photo.height ? `${photo.width} × ${photo.height}` : 'size unknown';
  return `${dims} · ${formatBytes(photo.bytes)} · ${typeLabel(photo.type)}`;
}

function resultFacts(r: ResultEntry): string {
  const out = r.job.output;
  const dims = out ? `${out.width} × ${out.height}` : '';
  return [executorShort(r.executor), dims, out ? typeLabel(out.type) : ''].filter(Boolean).join(' · ');
}

function PhotoHeader({ photo }: { photo: Photo }) {
  return (
    <div className="stage-photo" data-testid="photo-info">
      <span className="stage-photo-name" title={photo.name}>
        {photo.name}
      </span>
      <span className="stage-photo-facts">{photoFacts(photo)}</span>
      {photo.blob && !photo.displayable && (
        <span className="stage-photo-note">
          This browser cannot show {typeLabel(photo.type)}; an executor that takes it can still run it.
        </span>
      )}
      <MaskChip photo={photo} />
      <PickFileButton variant="ghost" label="Replace photo…" />
      <button type="button" className="stage-link" onClick={() => useSession.getState().clearPhoto()}>
        Close
      </button>
    </div>
  );
}

/** Keeps the compare scene sized to what is shown on the "after" side. */
function useScene(width: number, height: number) {
  useEffect(() => {
    if (width > 0 && height > 0) useView.getState().setScene(width, height);
  }, [width, height]);
}

function ResultCompare({ photo, result }: { photo: Photo; result: ResultEntry }) {
  const backdrop = useSession((s) => s.backdrop);
  const before = useObjectUrl(photo.blob);
  const after = useObjectUrl(result.blob);
  useScene(result.job.output?.width ?? photo.width, result.job.output?.height ?? photo.height);
  const label = useResultLabel(result);
  const type = result.job.output?.type ?? result.blob.type;
  const suffix = labelSuffix(label, result.name !== undefined);
  const download = after ? { href: after, name: downloadName(photo.name, type, suffix) } : null;
  const afterSide = { url: after, label: 'After', detail: `${label} · ${resultFacts(result)}` };
  if (!photo.blob) {
    // The server keeps no copy of a URL input, and the page may not load other origins' images.
    return (
      <>
        <StageToolbar download={download} singleOnly />
        <p className="note-bar" role="note">
          Only the result is shown: the photo came from a URL, which the server fetched but does not keep.
          Drop the file itself to compare before and after.
        </p>
        <Compare mode="single" backdrop={backdrop} before={afterSide} after={afterSide} />
      </>
    );
  }
  return (
    <PhotoAndResult photo={photo} result={result} before={before} after={afterSide} download={download} />
  );
}

/** Before/after with the photo where the framing put it, or side by side saying why it cannot be. */
function PhotoAndResult(props: {
  photo: Photo;
  result: ResultEntry;
  before: string | null;
  after: CompareSide;
  download: { href: string; name: string } | null;
}) {
  const { photo, result, before, after, download } = props;
  const mode = useSession((s) => s.compareMode);
  const backdrop = useSession((s) => s.backdrop);
  const { dialect, requestText } = result;
  const output = result.job.output;
  const placement = useMemo(
    () => photoPlacement(dialect, requestText, photo, output),
    [dialect, requestText, photo, output],
  );
  const place = placement.kind === 'placed' ? placement.rect : undefined;
  const touchUp = () => openTouchup({ photoId: photo.id, resultId: result.id });
  const beforeSide = { url: before, label: 'Before', detail: photoFacts(photo), place };
  if (placement.kind === 'apart') {
    return (
      <>
        <StageToolbar download={download} singleOnly onTouchUp={touchUp} />
        <p className="note-bar" role="note" data-testid="compare-apart">
          Shown side by side: {placement.why}
        </p>
        <Compare mode="side" backdrop={backdrop} before={beforeSide} after={after} />
      </>
    );
  }
  return (
    <>
      <StageToolbar download={download} onTouchUp={touchUp} />
      <Compare mode={mode} backdrop={backdrop} before={beforeSide} after={after} />
    </>
  );
}

function AbCompare({ a, b }: { a: ResultEntry; b: ResultEntry }) {
  const mode = useSession((s) => s.compareMode);
  const backdrop = useSession((s) => s.backdrop);
  const photos = useSession((s) => s.photos);
  const urlA = useObjectUrl(a.blob);
  const urlB = useObjectUrl(b.blob);
  const labels = new Map([
    [a.id, useResultLabel(a)],
    [b.id, useResultLabel(b)],
  ]);
  useScene(b.job.output?.width ?? 0, b.job.output?.height ?? 0);
  // The photo's name only helps when the two results come from different photos.
  const samePhoto = a.photoId === b.photoId;
  const detail = (r: ResultEntry) =>
    samePhoto
      ? `${labels.get(r.id)} · ${resultFacts(r)}`
      : `${photos[r.photoId]?.name ?? 'photo'} · ${labels.get(r.id)} · ${resultFacts(r)}`;
  return (
    <>
      <StageToolbar />
      <Compare
        mode={mode}
        backdrop={backdrop}
        before={{ url: urlA, label: 'A', detail: detail(a) }}
        after={{ url: urlB, label: 'B', detail: detail(b) }}
      />
      <RequestDiff a={a} b={b} />
    </>
  );
}

function PhotoOnly({ photo }: { photo: Photo }) {
  const backdrop = useSession((s) => s.backdrop);
  const active = useSession((s) => s.activeJob);
  const mode = useSession((s) => s.compareMode);
  const { data: job } = useJobPolling(active?.photoId === photo.id ? active.id : null);
  const preview = useJobPreview(job);
  const url = useObjectUrl(photo.blob);
  useScene(photo.width, photo.height);
  if (!photo.blob) return <UrlPhoto photo={photo} />;
  const side: CompareSide = { url, label: 'Photo', detail: photoFacts(photo) };
  if (preview) {
    return (
      <>
        <StageToolbar />
        <Compare
          mode={mode}
          backdrop={backdrop}
          before={{ ...side, label: 'Before' }}
          after={{ url: preview, label: 'After', badge: 'Preview' }}
        />
      </>
    );
  }
  return (
    <>
      <PhotoToolbar onBox={() => openTouchup({ photoId: photo.id, resultId: null })} />
      <Compare mode="single" backdrop={backdrop} before={side} after={side} />
    </>
  );
}

/** Everything the stage shows once there is something to show; loaded after the first paint. */
export default function StageViews() {
  const photo = useSession(selectCurrentPhoto);
  const selected = useSession(selectSelectedResult);
  const pair = useSession(useShallow(selectComparePair));
  const touchup = useTouchup((s) => s.target);
  useViewShortcuts(true);
  const shownResult = photo && selected?.photoId === photo.id ? selected : null;
  const touchingUp =
    touchup !== null &&
    pair.length < 2 &&
    touchup.photoId === photo?.id &&
    touchup.resultId === (shownResult?.id ?? null);
  // Another photo or result was picked: leave touch-up (its edits are saved).
  useEffect(() => {
    if (touchup && !touchingUp) closeTouchup();
  }, [touchup, touchingUp]);

  let body;
  if (pair.length === 2) body = <AbCompare a={pair[0]!} b={pair[1]!} />;
  else if (!photo) return null;
  else if (touchingUp)
    body = (
      <Suspense fallback={<div className="stage-loading" aria-busy="true" />}>
        <TouchUpView photo={photo} result={shownResult} />
      </Suspense>
    );
  else if (selected && selected.photoId === photo.id)
    body = <ResultCompare photo={photo} result={selected} />;
  else body = <PhotoOnly photo={photo} />;

  return (
    <>
      {photo && pair.length < 2 && <PhotoHeader photo={photo} />}
      {photo && <PhotoRefusal />}
      {body}
      <RunningBadge />
    </>
  );
}
