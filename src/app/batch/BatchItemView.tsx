/**
 * One batch item opened from the grid: the usual before/after compare (same modes, zoom and
 * shortcuts as a single photo) once it is done, the photo with its status until then, and the way
 * back, to the previous and to the next photo ([ and ]).
 */
import { useEffect } from 'react';
import { Button } from '../common/Button.tsx';
import { formatBytes } from '../input/check-photo.ts';
import { typeLabel } from '../input/image-header.ts';
import { Compare } from '../results/Compare.tsx';
import { downloadName } from '../../recipe/index.ts';
import { StageToolbar, PhotoToolbar } from '../results/StageToolbar.tsx';
import { useViewShortcuts, isTyping } from '../results/use-view-shortcuts.ts';
import { useView } from '../results/view-store.ts';
import { useSession } from '../state/session-store.ts';
import { useBatch, type BatchItem } from './batch-store.ts';
import { collectResult } from './collector.ts';
import { readInput, readResult } from './inputs.ts';
import { itemDetailText, itemStatusText } from './labels.ts';
import { canRetry, cancelItem, retryItem } from './runner.ts';
import { useLoadedBlobUrl } from './use-blob-url.ts';

function photoFacts(item: BatchItem): string {
  const dims = item.width && item.height ? `${item.width} × ${item.height} · ` : '';
  return `${dims}${formatBytes(item.bytes)}${item.type ? ` · ${typeLabel(item.type)}` : ''}`;
}

function useNeighbours(id: string) {
  const order = useBatch((s) => s.order);
  const at = order.indexOf(id);
  return { at, total: order.length, prev: order[at - 1] ?? null, next: order[at + 1] ?? null };
}

function useStepKeys(prev: string | null, next: string | null) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      const { openItem } = useBatch.getState();
      if (e.key === '[' && prev) openItem(prev);
      else if (e.key === ']' && next) openItem(next);
      else if (e.key === 'Escape') openItem(null);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [prev, next]);
}

function Body({ item }: { item: BatchItem }) {
  const mode = useSession((s) => s.compareMode);
  const backdrop = useSession((s) => s.backdrop);
  const before = useLoadedBlobUrl(() => readInput(item.id), `${item.id}:${item.attempts}`);
  const done = item.status === 'done';
  const after = useLoadedBlobUrl(
    done && item.resultSaved ? () => readResult(item.id) : null,
    `${item.id}:${item.jobId}:${item.resultSaved}`,
  );
  const out = item.output;
  useEffect(() => {
    const w = (done && out?.width) || item.width;
    const h = (done && out?.height) || item.height;
    if (w && h) useView.getState().setScene(w, h);
  }, [done, out?.width, out?.height, item.width, item.height]);
  useEffect(() => {
    if (done && !item.resultSaved) collectResult(item.id);
  }, [done, item.resultSaved, item.id]);
  const beforeSide = { url: before, label: 'Before', detail: photoFacts(item) };
  if (done) {
    const afterSide = {
      url: after,
      label: 'After',
      detail: out ? `${out.width} × ${out.height} · ${typeLabel(out.type)}` : '',
    };
    const download = after ? { href: after, name: downloadName(item.name, out?.type ?? 'image/png') } : null;
    return (
      <>
        <StageToolbar download={download} />
        <Compare mode={mode} backdrop={backdrop} before={beforeSide} after={afterSide} />
      </>
    );
  }
  return (
    <>
      <PhotoToolbar />
      {item.status === 'failed' && (
        <p className="bi-error" role="alert">
          {item.error?.message ?? 'Failed without a reason.'}
        </p>
      )}
      {before ? (
        <Compare
          mode="single"
          backdrop={backdrop}
          before={{ ...beforeSide, label: 'Photo' }}
          after={{ ...beforeSide, label: 'Photo' }}
        />
      ) : (
        <p className="bi-empty">
          {item.type ? 'Loading the photo…' : 'This file is not an image the browser can show.'}
        </p>
      )}
    </>
  );
}

export function BatchItemView({ id }: { id: string }) {
  const item = useBatch((s) => s.items[id]);
  const { at, total, prev, next } = useNeighbours(id);
  const { openItem } = useBatch.getState();
  useViewShortcuts(true);
  useStepKeys(prev, next);
  if (!item) return null;
  const open = item.status === 'queued' || item.status === 'running';
  return (
    <div className="bi" data-testid="batch-item-view">
      <div className="bi-head">
        <Button size="sm" variant="ghost" onClick={() => openItem(null)} title="Back to the grid (Esc)">
          ← All photos
        </Button>
        <span className="bi-name" title={item.path ?? item.name}>
          {item.name}
        </span>
        <span className={`bt-badge bt-badge-${item.status} bi-badge`}>{itemStatusText(item)}</span>
        <span className="bi-detail">{item.status === 'failed' ? '' : itemDetailText(item)}</span>
        {open && (
          <Button size="sm" onClick={() => void cancelItem(id)}>
            Cancel
          </Button>
        )}
        {canRetry(item) && (
          <Button size="sm" onClick={() => retryItem(id)}>
            Retry
          </Button>
        )}
        <span className="bi-step">
          <Button
            size="sm"
            variant="ghost"
            disabled={!prev}
            onClick={() => prev && openItem(prev)}
            aria-label="Previous photo"
            title="Previous photo ([)"
          >
            ‹
          </Button>
          <span className="bi-pos">
            {at + 1} / {total}
          </span>
          <Button
            size="sm"
            variant="ghost"
            disabled={!next}
            onClick={() => next && openItem(next)}
            aria-label="Next photo"
            title="Next photo (])"
          >
            ›
          </Button>
        </span>
      </div>
      <Body item={item} />
    </div>
  );
}
