/**
 * Grow/shrink and feather of a whole mask, off the main thread: a 12 MP mask takes from a few hundred ms
 * (small feather) to seconds (a 40 px grow), which would freeze the page. One request in, the adjusted
 * bytes out (transferred, not copied).
 */
import { adjustRect, type Adjustments } from './adjust.ts';

export interface AdjustRequest extends Adjustments {
  id: number;
  data: Uint8Array;
  width: number;
  height: number;
}

self.onmessage = (event: MessageEvent<AdjustRequest>) => {
  const { id, data, width, height, grow, feather } = event.data;
  const target = { data: new Uint8Array(width * height), width, height };
  adjustRect({ data, width, height }, target, { left: 0, top: 0, width, height }, { grow, feather });
  (self as unknown as Worker).postMessage({ id, data: target.data }, [target.data.buffer]);
};
