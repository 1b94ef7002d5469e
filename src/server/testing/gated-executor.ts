/**
 * A stand-in executor for queue, batch and restart tests: each job runs until the test releases it
 * (or at once in `auto` mode), honours cancel, and returns a fixed image. Lets a test hold the server in
 * a known state (one running, the rest queued) without the model.
 */
import { dialectIds, type ExecutorId } from '../../recipe/index.ts';
import type { Executor, ExecutorResult } from '../executors/types.ts';

export interface GatedExecutor {
  executor: Executor;
  /** Job ids in the order they started. */
  started: string[];
  /** Jobs running now, by id. */
  running(): string[];
  /** Finishes one running job (the oldest when no id is given) with the fixed result. */
  release(id?: string): boolean;
  /** From now on, every job finishes as soon as it starts (and those running now do too). */
  auto(): void;
}

export function gatedExecutor(
  result: { data: Buffer; width: number; height: number },
  options: { id?: ExecutorId; concurrency?: number; auto?: boolean } = {},
): GatedExecutor {
  const started: string[] = [];
  const waiting = new Map<string, () => void>();
  let auto = options.auto ?? false;
  const output: ExecutorResult = {
    data: result.data,
    bytes: result.data.length,
    mime: 'image/png',
    format: 'png',
    width: result.width,
    height: result.height,
  };
  const executor: Executor = {
    id: options.id ?? 'local',
    label: 'Gated test executor',
    dialects: dialectIds(),
    inputTypes: ['image/png', 'image/jpeg'],
    cannotTake: () => 'the gated test executor does not take it',
    unavailableReason: () => null,
    concurrency: () => options.concurrency ?? 1,
    run: (ctx) =>
      new Promise((resolve, reject) => {
        started.push(ctx.id);
        ctx.progress('working', 0.5);
        const finish = () => {
          waiting.delete(ctx.id);
          resolve(output);
        };
        ctx.signal.addEventListener('abort', () => {
          waiting.delete(ctx.id);
          reject(ctx.signal.reason);
        });
        if (auto) setImmediate(finish);
        else waiting.set(ctx.id, finish);
      }),
  };
  return {
    executor,
    started,
    running: () => [...waiting.keys()],
    release(id) {
      const key = id ?? waiting.keys().next().value;
      const finish = key === undefined ? undefined : waiting.get(key);
      finish?.();
      return finish !== undefined;
    },
    auto() {
      auto = true;
      for (const finish of [...waiting.values()]) finish();
    },
  };
}
