/**
 * The centre column while a batch is open (loaded on first use): its header (name, how many, add
 * more, back to the single photo), the overall progress and totals, a status filter, and either the
 * grid or one item opened for compare.
 */
import { Button } from '../common/Button.tsx';
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

function Header() {
  const total = useBatch((s) => s.order.length);
  const runAt = useBatch((s) => s.meta?.runAt ?? null);
  const open = useBatch((s) =>
    Object.values(s.items).some((i) => i.status === 'queued' || i.status === 'running'),
  );
  const discard = () => {
    const sure =
      !open ||
      runAt === null ||
      window.confirm(
        'Close this batch? Photos still queued on the server keep running there; this tab stops following them.',
      );
    if (sure) discardBatch();
  };
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
        <Button size="sm" variant="ghost" onClick={discard}>
          {runAt === null ? 'Discard batch' : 'Close batch'}
        </Button>
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
    <section className="bv" aria-label="Batch" data-testid="batch-view">
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
