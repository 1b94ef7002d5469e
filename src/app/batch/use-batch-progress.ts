import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useBatch } from './batch-store.ts';
import { batchProgress, type BatchProgress } from './progress.ts';

/** The batch's overall numbers, re-read on every store change and once a second while it runs. */
export function useBatchProgress(): BatchProgress {
  const { meta, items } = useBatch(useShallow((s) => ({ meta: s.meta, items: s.items })));
  const [now, setNow] = useState(() => Date.now());
  const progress = batchProgress(meta, Object.values(items), now);
  const ticking = progress.running;
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return progress;
}
