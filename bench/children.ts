/**
 * Every process a benchmark starts dies with it. A bench stopped from outside (Ctrl-C, a test's SIGTERM
 * after "it started", an error) would otherwise leave its servers running: several are started in their
 * own process group (`detached`, so one signal reaches the allocator relaunch or vite's children), which a
 * signal to the bench's own group does not reach. An orphaned bench server was found spinning after
 * `readme-commands.test.ts` had started and stopped `npm run bench:app-batch`.
 */
import type { ChildProcess } from 'node:child_process';

const children = new Set<{ child: ChildProcess; group: boolean }>();

function kill(child: ChildProcess, group: boolean, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  // 'exit' runs synchronously, so SIGKILL: there is no later moment to wait for a graceful stop.
  process.on('exit', () => {
    for (const { child, group } of children) kill(child, group, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
}

/**
 * Registers `child` to be killed when this process exits or is stopped by SIGINT, SIGTERM or SIGHUP.
 * `group`: the child was spawned `detached` and its whole process group is killed. Returns `child`.
 */
export function ownChild<T extends ChildProcess>(child: T, { group = false } = {}): T {
  install();
  const entry = { child, group };
  children.add(entry);
  child.once('exit', () => children.delete(entry));
  return child;
}
