/** Names for executors and dialects, in one place so the run box, stage, strip and inspector agree. */
import type { Dialect, ExecutorId } from '../../recipe/index.ts';

export const DIALECT_LABEL: Record<Dialect, string> = { claid: 'Claid', 'deep-image': 'Deep-Image' };

/** Short names, for tight spots (stage labels, thumbnails, the picker). */
export const EXECUTOR_SHORT: Record<ExecutorId, string> = {
  local: 'Local',
  claid: 'Claid',
  'deep-image': 'Deep-Image',
};

/** Full names, where there is room (inspector, Run button). */
export const EXECUTOR_NAME: Record<ExecutorId, string> = {
  local: 'Local engine',
  claid: 'Claid',
  'deep-image': 'Deep-Image',
};
