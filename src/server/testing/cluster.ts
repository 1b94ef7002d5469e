/**
 * Several Backdrop processes sharing one Redis and one data folder, started as a user starts them
 * (`node src/server/start.mjs`, or with `worker` as `npm run worker` does), for the Redis-mode tests.
 */
import { join, resolve } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnGroup } from './server-process.ts';

/** Pids whose process group is `pgid` (Linux /proc: field 5 of /proc/<pid>/stat). */
function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pids.push(Number(name));
    } catch {
      continue; // ended meanwhile
    }
  }
  return pids;
}

export interface NodeProcess {
  role: 'all' | 'api' | 'worker';
  /** The API's address, or a worker's health address. */
  url: string;
  /** Every pid of its process group (start.mjs relaunches Node once; tsx may start esbuild). */
  pids(): number[];
  /** SIGSTOP (true) or SIGCONT (false) to the whole group: frozen mid-job, nothing changes meanwhile. */
  freeze(frozen: boolean): void;
  output(): string;
  /** Closes the reading end of its stdout and stderr, as its parent dying would. */
  closeOutput(): void;
  /** `job done` log lines' job ids, in order. */
  done(): string[];
  /** SIGKILLs the whole process group: the machine died mid-job. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../../..');
/** Every group started here and not yet ended, also those still starting (for stopAllNodes). */
const live = new Set<{ stop(): Promise<void> }>();

/** Stops every process startNode started (a bench stopped by a signal, before its own clean-up). */
export async function stopAllNodes(): Promise<void> {
  await Promise.all([...live].map((group) => group.stop()));
}

/** Starts one process with REDIS_URL, the shared `dataDir`, `role` and `env`; resolves once it is up. */
export async function startNode(
  role: NodeProcess['role'],
  shared: { redisUrl: string; dataDir: string },
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<NodeProcess> {
  const argv = [
    process.execPath,
    join(root, 'src/server/start.mjs'),
    ...(role === 'worker' ? ['worker'] : []),
  ];
  const group = spawnGroup(argv, {
    HOST: '127.0.0.1',
    PORT: '0',
    REDIS_URL: shared.redisUrl,
    BACKDROP_DATA_DIR: shared.dataDir,
    BACKDROP_WARM_UP: '0',
    ...(role === 'api' ? { BACKDROP_ROLE: 'api' } : {}),
    ...env,
  });
  live.add(group);
  group.child.once('exit', () => live.delete(group));
  const stop = () => group.stop();
  try {
    const [, port] = await group.waitFor(
      /Backdrop (?:worker )?is running.*?http:\/\/127\.0\.0\.1:(\d+)/,
      timeoutMs,
    );
    return {
      role,
      url: `http://127.0.0.1:${port}`,
      pids: () => groupPids(group.child.pid!),
      freeze: (frozen) => process.kill(-group.child.pid!, frozen ? 'SIGSTOP' : 'SIGCONT'),
      output: group.output,
      closeOutput: () => {
        group.child.stdout!.destroy();
        group.child.stderr!.destroy();
      },
      done: () =>
        [...group.output().matchAll(/"msg":"job done","job":"([\w-]+)"/g)].map((match) => match[1]!),
      kill: () =>
        new Promise<void>((done) => {
          if (group.child.exitCode !== null || group.child.signalCode !== null) return done();
          group.child.once('exit', () => done());
          process.kill(-group.child.pid!, 'SIGKILL');
          process.kill(-group.child.pid!, 'SIGCONT');
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`The ${role} process did not start: ${(error as Error).message}\n${group.output()}`, {
      cause: error,
    });
  }
}
