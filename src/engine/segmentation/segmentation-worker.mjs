// Worker entry for segmentation (model session and per-pixel refinement). Plain JS so that it starts
// under plain Node, tsx and Vitest alike; it registers tsx (a runtime dependency) to import the
// TypeScript operations. Messages are handled one at a time, in order.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { operations } = await import('./worker-ops.ts');

let queue = Promise.resolve();
parentPort.on('message', ({ id, op, input }) => {
  queue = queue.then(async () => {
    try {
      const result = await operations[op](input);
      parentPort.postMessage({ id, result }, result instanceof Uint8Array ? [result.buffer] : []);
    } catch (error) {
      const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : undefined;
      parentPort.postMessage({
        id,
        error: { message: error instanceof Error ? error.message : String(error), code },
      });
    }
  });
});
parentPort.postMessage({ ready: true });
