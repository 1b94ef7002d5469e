/**
 * Every process a test or benchmark starts dies with it. One stopped from outside (Ctrl-C, a test's
 * SIGTERM after "it started", an error) would otherwise leave its servers running: several are started in
 * their own process group (`detached`, so one signal reaches the allocator relaunch or vite's children),
 * which a signal to the starter's own group does not reach. An orphaned bench server was found spinning
 * after `readme-commands.test.ts` had started and stopped `npm run bench:app-batch`.
 */
import type { ChildProcess } from 'node:child_process';

const children = new Set<{ child: ChildProcess; group: boolean }>();

function kill(child: ChildProcess, group: boolean, signal: NodeJS.Signals): void {
  // A group outlives its leader (a launcher that started the real server), so it is signalled anyway.
  if (!child.pid || (!group && (child.exitCode !== null || child.signalCode !== null))) return;
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  // 'exit' runs synchronously, so SIGKILL: there is no later moment to wait for a graceful stop.
  for (const { child, group } of children) kill(child, group, 'SIGKILL');
});

/**
 * Makes SIGINT, SIGTERM and SIGHUP end this process through 'exit' (whose handler kills what it owns);
 * by default they end it without running 'exit' handlers. For a command's entry point (bench/run.ts),
 * not for a test runner's workers, which handle their own signals.
 */
export function exitOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      // A bench with its own handler (a graceful clean-up, e.g. bench:scale) ends the process itself.
      if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
    });
}

/**
 * Registers `child` to be SIGKILLed if this process exits while it still runs (see exitOnSignals for
 * signals). `group`: the child was spawned `detached` and its whole process group is killed. Returns `child`.
 */
export function ownChild<T extends ChildProcess>(child: T, { group = false } = {}): T {
  const entry = { child, group };
  children.add(entry);
  if (!group) child.once('exit', () => children.delete(entry));
  return child;
}
