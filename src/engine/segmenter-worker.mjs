// Hosts src/engine/segmentation in a worker thread. onnxruntime-node's session.run executes on the calling
// thread, so on the main thread one ISNet pass would stall the BFF's event loop for seconds.
// Plain .mjs that registers tsx itself: workers do not inherit the parent's TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const segmentation = await import('./segmentation/index.ts');
const controllers = new Map();

/** A fresh copy we can transfer: cached buffers in this worker must stay intact. */
function transferable(buffer) {
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return copy;
}

function asImage(image) {
  return { ...image, data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
}

async function handle(message) {
  switch (message.op) {
    case 'segment': {
      const controller = new AbortController();
      controllers.set(message.id, controller);
      try {
        const mask = await segmentation.segment(asImage(message.image), {
          ...message.opts,
          signal: controller.signal,
        });
        const alpha = transferable(mask.alpha);
        return [{ alpha, width: mask.width, height: mask.height, modelId: mask.modelId }, [alpha.buffer]];
      } finally {
        controllers.delete(message.id);
      }
    }
    case 'foreground': {
      const alpha = Buffer.from(message.alpha.buffer, message.alpha.byteOffset, message.alpha.byteLength);
      const colors = transferable(await segmentation.estimateForeground(asImage(message.image), alpha));
      return [colors, [colors.buffer]];
    }
    case 'warm-up':
      await segmentation.warmUpSegmenter();
      return [segmentation.segmenterInfo(), []];
    case 'info':
      return [segmentation.segmenterInfo(), []];
    case 'reset':
      segmentation.resetSegmenter(message.opts ?? {});
      return [null, []];
    default:
      throw new Error(`unknown segmenter operation ${message.op}`);
  }
}

parentPort.on('message', (message) => {
  if (message.op === 'abort') {
    controllers.get(message.id)?.abort();
    return;
  }
  handle(message).then(
    ([result, transfer]) => parentPort.postMessage({ id: message.id, result }, transfer),
    (error) =>
      parentPort.postMessage({
        id: message.id,
        error: { name: error?.name, code: error?.code, message: error?.message ?? String(error) },
      }),
  );
});
