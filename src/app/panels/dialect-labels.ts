import type { Dialect } from '../../recipe/index.ts';

export const DIALECT_LABELS: Record<Dialect, string> = { claid: 'Claid', 'deep-image': 'Deep-Image' };
