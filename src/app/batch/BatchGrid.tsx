/**
 * The batch's photos as a virtualised grid: only the rows in view (plus a few) are in the DOM, so
 * 300 or 1000 photos scroll as smoothly as 12, and thumbnails scrolled away release their object URLs.
 * Columns follow the width (tiles of MIN_TILE px or more).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { useBatch, type BatchState } from './batch-store.ts';
import { BatchTile } from './BatchTile.tsx';

const MIN_TILE = 156;
const GAP = 12;
const PAD = 16;
/** Name and detail lines under the thumbnail. */
const CAPTION = 44;

const selectVisibleIds = (s: BatchState) =>
  s.filter === 'all' ? s.order : s.order.filter((id) => s.items[id]?.status === s.filter);

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function BatchGrid() {
  const ids = useBatch(useShallow(selectVisibleIds));
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const inner = Math.max(0, width - 2 * PAD);
  const columns = Math.max(1, Math.floor((inner + GAP) / (MIN_TILE + GAP)));
  const tile = inner > 0 ? (inner - GAP * (columns - 1)) / columns : MIN_TILE;
  const rowHeight = Math.round(tile + CAPTION + GAP);
  const rows = Math.ceil(ids.length / columns);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's own state drives its re-renders
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 3,
    paddingStart: PAD,
    paddingEnd: PAD,
  });
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  /** Arrow keys, Home and End move between tiles, scrolling the one they land on into the DOM first. */
  const onKeyDown = (e: React.KeyboardEvent) => {
    const from = Number((e.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index);
    if (!Number.isFinite(from) || !(e.target as HTMLElement).classList.contains('bt-open')) return;
    const step: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: columns,
      ArrowUp: -columns,
    };
    const to = e.key === 'Home' ? 0 : e.key === 'End' ? ids.length - 1 : from + (step[e.key] ?? NaN);
    if (!Number.isFinite(to) || to < 0 || to >= ids.length) return;
    e.preventDefault();
    virtualizer.scrollToIndex(Math.floor(to / columns), { align: 'auto' });
    const focus = (tries: number) =>
      requestAnimationFrame(() => {
        const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${to}"] .bt-open`);
        if (el) el.focus();
        else if (tries > 0) focus(tries - 1);
      });
    focus(5);
  };
  return (
    <div className="bg-scroll" ref={scroller} tabIndex={-1} onKeyDown={onKeyDown}>
      <div
        role="list"
        aria-label="Photos in the batch"
        className="bg-list"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            role="none"
            className="bg-row"
            style={{
              transform: `translateY(${row.start}px)`,
              height: rowHeight - GAP,
              gridTemplateColumns: `repeat(${columns}, ${tile}px)`,
              left: PAD,
              right: PAD,
            }}
          >
            {ids.slice(row.index * columns, row.index * columns + columns).map((id, i) => (
              <BatchTile key={id} id={id} index={row.index * columns + i} total={ids.length} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
