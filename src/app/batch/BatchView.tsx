/**
 * The centre column while a batch is open (loaded on first use): its header (name, how many, add
 * more, back to the single photo), the overall progress and totals, a status filter, and either the
 * grid or one item opened for compare.
 */
import { useState } from 'react';
import { Button } from '../common/Button.tsx';
import { Dialog } from '../common/Dialog.tsx';
import { Segmented } from '../common/Segmented.tsx';
import { useBatch, type ItemFilter } from './batch-store.ts';
import { AddPhotos } from './AddPhotos.tsx';
import { BatchGrid } from './BatchGrid.tsx';
import { BatchItemView } from './BatchItemView.tsx';
import { BatchSummary } from './BatchSummary.tsx';
import { FILTER_LABEL, plural } from './labels.ts';
import { discardBatch } from './runtime.ts';
import { useBatchShell } from './shell.ts';
import { useBatchProgress } from './use-batch-progress.ts';
import './batch.css';

const FILTERS: ItemFilter[] = ['all', 'queued', 'running', 'done', 'failed', 'cancelled'];

function Filter({ counts }: { counts: Record<ItemFilter, number> }) {
  const filter = useBatch((s) => s.filter);
  const options = FILTERS.filter((f) => f === 'all' || f === filter || counts[f] > 0).map((f) => ({
    value: f,
    label: `${FILTER_LABEL[f]} ${counts[f]}`,
  }));
  return (
    <Segmented<ItemFilter>
      label="Show"
      value={filter}
      options={options}
      onChange={useBatch.getState().setFilter}
      size="sm"
    />
  );
}

/** Closing a batch drops it from this browser; asked first, since photos and results go with it. */
function CloseDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const draft = useBatch((s) => s.meta?.runAt == null);
  const active = useBatch(
    (s) => Object.values(s.items).filter((i) => i.status === 'queued' || i.status === 'running').length,
  );
  const serverId = useBatch((s) => s.meta?.serverId ?? null);
  const done = useBatch((s) => Object.values(s.items).filter((i) => i.status === 'done').length);
  return (
    <Dialog
      open={open}
      title={draft ? 'Discard this batch?' : 'Close this batch?'}
      onClose={onClose}
      testId="batch-close-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Keep it
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              onClose();
              void discardBatch();
            }}
          >
            {draft ? 'Discard' : active > 0 ? 'Cancel the rest and close' : 'Close batch'}
          </Button>
        </>
      }
    >
      <p>
        Its photos{draft ? '' : ' and results'} leave this browser.
        {active > 0 && ` The ${plural(active, 'photo')} still queued or running will be cancelled.`}
        {serverId &&
          done > 0 &&
          ' Download the ZIP first if you need the results: the server keeps them only until they expire.'}
      </p>
    </Dialog>
  );
}

function Header() {
  const total = useBatch((s) => s.order.length);
  const runAt = useBatch((s) => s.meta?.runAt ?? null);
  const [asking, setAsking] = useState(false);
  return (
    <div className="bv-head">
      <h2 className="bv-title">
        Batch <span>{plural(total, 'photo')}</span>
      </h2>
      <div className="bv-head-actions">
        <AddPhotos />
        <span className="bv-sep" aria-hidden="true" />
        <Button
          size="sm"
          variant="ghost"
          onClick={() => useBatchShell.getState().setView('single')}
          title="The batch keeps running; come back from the header"
        >
          Single photo
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setAsking(true)}>
          {runAt === null ? 'Discard batch' : 'Close batch'}
        </Button>
        <CloseDialog open={asking} onClose={() => setAsking(false)} />
      </div>
    </div>
  );
}

export default function BatchView() {
  const openItemId = useBatch((s) => s.openItemId);
  const progress = useBatchProgress();
  const hasMeta = useBatch((s) => s.meta !== null);
  if (!hasMeta) return <div className="bv" aria-busy="true" />;
  const { counts } = progress;
  return (
    <section className={`bv${openItemId ? ' bv-item' : ''}`} aria-label="Batch" data-testid="batch-view">
      <Header />
      <BatchSummary progress={progress} />
      {openItemId ? (
        <BatchItemView id={openItemId} />
      ) : (
        <>
          <div className="bv-filter">
            <Filter counts={{ ...counts, all: counts.total }} />
          </div>
          <BatchGrid />
        </>
      )}
    </section>
  );
}
