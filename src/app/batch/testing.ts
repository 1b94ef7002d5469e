/** A batch item for tests: queued, sent, 100 bytes, 10 × 10, with `patch` over it. */
import type { BatchItem } from './batch-store.ts';

export function testItem(id: string, patch: Partial<BatchItem> = {}): BatchItem {
  return {
    id,
    name: `${id}.jpg`,
    type: 'image/jpeg',
    bytes: 100,
    width: 10,
    height: 10,
    status: 'queued',
    transfer: 'sent',
    progress: 0,
    warnings: 0,
    resultSaved: false,
    attempts: 0,
    ...patch,
  };
}
