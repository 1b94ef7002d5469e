// Worker entry for the per-pixel refinement kernels. Plain JS so that it loads under plain Node, tsx and
// Vitest alike; it registers tsx (a runtime dependency) to import the TypeScript kernels.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { guidedUpsample } = await import('./guided-filter.ts');
const { estimateForegroundColors } = await import('./foreground.ts');

const operations = { guidedUpsample, estimateForegroundColors };

parentPort.on('message', ({ id, op, input }) => {
  try {
    const result = operations[op](input);
    parentPort.postMessage({ id, result }, [result.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
