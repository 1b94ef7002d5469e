/** Names for executors, in one place so the run box, stage, strip and inspector agree. */
import { dialectLabel, type ExecutorId } from '../../recipe/index.ts';

/** Short names, for tight spots (stage labels, thumbnails, the picker): `Local`, else the provider's. */
export function executorShort(id: ExecutorId): string {
  return id === 'local' ? 'Local' : dialectLabel(id);
}

/** Full names, where there is room (inspector, Run button): `Local engine`, else the provider's. */
export function executorName(id: ExecutorId): string {
  return id === 'local' ? 'Local engine' : dialectLabel(id);
}
