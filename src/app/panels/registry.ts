/** Every panel of every dialect, in display order. Adding a panel is adding one object to a list. */
import type { Dialect } from '../../recipe/index.ts';
import { claidPanels } from './claid-panels.ts';
import { deepImagePanels } from './deep-image-panels.ts';
import type { PanelSpec } from './types.ts';

export const PANELS: Record<Dialect, PanelSpec[]> = {
  claid: claidPanels,
  'deep-image': deepImagePanels,
};
