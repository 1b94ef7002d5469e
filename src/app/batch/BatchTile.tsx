/**
 * One photo of the batch: its thumbnail (the result's once done, over the checkerboard), a status
 * badge, a progress bar while it runs, the marketplace check once done (ComplianceBadge.tsx), its name
 * and one line of detail (size, stage, output or the reason it failed), and its own actions: cancel,
 * retry, replace the file, remove.
 */
import { memo, useRef } from 'react';
import { useBatch, type BatchItem } from './batch-store.ts';
import { ComplianceBadge } from './ComplianceBadge.tsx';
import { itemDetailText, itemStatusText, STATUS_LABEL } from './labels.ts';
import { canRetry, cancelItem, removeItem, retryItem } from './runner.ts';
import { useBlobUrl } from './use-blob-url.ts';

function TileActions({ item }: { item: BatchItem }) {
  const file = useRef<HTMLInputElement>(null);
  const open = item.status === 'queued' || item.status === 'running';
  const label = `“${item.name}”`;
  return (
    <div className="bt-actions">
      {open && (
        <button
          type="button"
          className="bt-action"
          onClick={() => void cancelItem(item.id)}
          aria-label={`Cancel ${label}`}
          title="Cancel"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <rect x="4.5" y="4.5" width="7" height="7" rx="1" />
          </svg>
        </button>
      )}
      {canRetry(item) && (
        <button
          type="button"
          className="bt-action"
          onClick={() => retryItem(item.id)}
          aria-label={`Retry ${label}`}
          title="Retry"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M12.5 8a4.5 4.5 0 1 1-1.3-3.2M12.5 2.5v2.8H9.7" />
          </svg>
        </button>
      )}
      {(item.status === 'failed' || item.status === 'cancelled') && (
        <>
          <button
            type="button"
            className="bt-action"
            onClick={() => file.current?.click()}
            aria-label={`Replace the file of ${label}`}
            title="Replace the file…"
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M8 11V3M5 6l3-3 3 3M3 13h10" />
            </svg>
          </button>
          <input
            ref={file}
            type="file"
            hidden
            data-testid="batch-replace-input"
            onChange={(e) => {
              const picked = e.target.files?.[0];
              e.target.value = '';
              if (picked) void import('./runtime.ts').then((m) => m.replaceItemFile(item.id, picked));
            }}
          />
        </>
      )}
      <button
        type="button"
        className="bt-action"
        onClick={() => void removeItem(item.id)}
        aria-label={`Remove ${label} from the batch`}
        title="Remove"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </div>
  );
}

const NotAnImage = () => (
  <svg viewBox="0 0 32 32" width="32" height="32">
    <path d="M9 4h10l6 6v18H9z M19 4v6h6" />
    <path d="M13 17l6 6M19 17l-6 6" />
  </svg>
);

export const BatchTile = memo(function BatchTile({
  id,
  index,
  total,
}: {
  id: string;
  index: number;
  total: number;
}) {
  const item = useBatch((s) => s.items[id]);
  const showResult = item?.status === 'done' && item.resultThumb;
  const url = useBlobUrl(showResult ? item.resultThumb : item?.thumb);
  if (!item) return null;
  const detail = itemDetailText(item);
  const full = item.status === 'failed' ? (item.error?.message ?? detail) : detail;
  return (
    <div
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={total}
      className={`bt bt-${item.status}`}
      data-testid="batch-tile"
      data-index={index}
      data-name={item.name}
      data-status={item.status}
    >
      <div className="bt-thumb">
        <button
          type="button"
          className={`bt-open${showResult ? ' bt-checker' : ''}`}
          onClick={() => useBatch.getState().openItem(id)}
          aria-label={`${item.name}: ${STATUS_LABEL[item.status]}. ${full}`}
        >
          {url ? (
            <img src={url} alt="" draggable={false} />
          ) : (
            <span className="bt-placeholder" aria-hidden="true">
              {item.type ? '' : <NotAnImage />}
            </span>
          )}
        </button>
        {/* Beside the button, not in it: its name already says the status, in words. */}
        <span className={`bt-badge bt-badge-${item.status}`} aria-hidden="true">
          {itemStatusText(item)}
        </span>
        {item.status === 'done' && item.compliance && (
          <ComplianceBadge itemId={id} summary={item.compliance} />
        )}
        {item.status === 'running' && (
          <span className="bt-progress" aria-hidden="true">
            <span style={{ width: `${Math.max(3, item.progress * 100)}%` }} />
          </span>
        )}
      </div>
      <div className="bt-caption">
        <span className="bt-name" title={item.path ?? item.name}>
          {item.name}
        </span>
        <span
          className={`bt-detail${item.status === 'failed' ? ' bt-detail-failed' : ''}`}
          title={full}
          data-testid="batch-tile-detail"
        >
          {detail}
        </span>
      </div>
      <TileActions item={item} />
    </div>
  );
});
