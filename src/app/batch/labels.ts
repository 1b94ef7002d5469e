/** Words and numbers the batch view shows, in one place so tiles, header and inspector agree. */
import { formatBytes, formatMegapixels } from '../input/check-photo.ts';
import { stageLabel } from '../run/JobProgress.tsx';
import type { BatchItem, ItemFilter, ItemStatus } from './batch-store.ts';

export const STATUS_LABEL: Record<ItemStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const FILTER_LABEL: Record<ItemFilter, string> = { all: 'All', ...STATUS_LABEL };

/** What a tile's badge says: the status, with the upload step or progress where it helps. */
export function itemStatusText(item: BatchItem): string {
  if (item.status === 'queued') {
    if (item.transfer === 'draft') return 'Ready';
    if (item.transfer === 'waiting') return 'Waiting to upload';
    if (item.transfer === 'uploading') return 'Uploading';
    return item.queuePosition ? `Queued · #${item.queuePosition}` : 'Queued';
  }
  if (item.status === 'running') return `${Math.round(item.progress * 100)}%`;
  return STATUS_LABEL[item.status];
}

/** One line under the tile: what the stage is, what came out, or why it failed. */
export function itemDetailText(item: BatchItem): string {
  if (item.status === 'failed') return shortReason(item);
  if (item.status === 'running') return stageLabel(item.stage);
  if (item.status === 'done' && item.output)
    return `${item.output.width} × ${item.output.height} · ${formatBytes(item.output.bytes)}`;
  const size = item.width && item.height ? `${formatMegapixels(item.width, item.height)} · ` : '';
  return `${size}${formatBytes(item.bytes)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The reason of a failure for the one line under the tile: the server's sentence without the file's
 * name in front (the tile shows the name just above). The full sentence is the tile's label and shows
 * when the item is opened.
 */
function shortReason(item: BatchItem): string {
  const message = item.error?.message ?? 'Failed without a reason.';
  const rest = message.replace(/^[“"][^”"]*[”"]\s+/, '');
  return rest === message ? message : rest.charAt(0).toUpperCase() + rest.slice(1);
}
