/**
 * The real server as a separate process, started exactly as `npm start` / `npm run serve` start it
 * (`node src/server/start.mjs`), on a free loopback port, with its own data dir; and `npm run dev` (Vite
 * proxying /api to such a server). For tests that must see what a user's process does (crash, leak,
 * refuse, stay up), not only an in-process app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ownChild } from './own-child.ts';

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the process printed (stdout + stderr), for scanning. */
  output(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** The pid of the process that serves (the launcher's child when start.mjs relaunched Node). */
  serverPid(): number;
  /** Stops the process group and removes the data dir. */
  close(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../../..');

export interface Group {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern`; throws when the process ends first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** `argv` in its own process group (so a launcher and what it starts stop together), output captured. */
export function spawnGroup(argv: string[], env: Record<string, string>): Group {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // Its own process group, so nothing ends it when this process does: owned, it is SIGKILLed on the way out.
  ownChild(child, { group: true });
  let output = '';
  const collect = (chunk: Buffer) => (output += stripVTControlCharacters(chunk.toString()));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return {
    child,
    output: () => output,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => stopGroup(child),
  };
}

/**
 * Starts `node src/server/start.mjs` with PORT=0 and `env`; resolves when it prints its address and
 * answers /api/health. Throws (after stopping it) when it exits or is not up within `timeoutMs`.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-process-'));
  const group = spawnGroup([process.execPath, join(root, 'src/server/start.mjs')], {
    HOST: '127.0.0.1',
    PORT: '0',
    BACKDROP_DATA_DIR: dataDir,
    BACKDROP_WARM_UP: '0',
    ...env,
  });
  const close = async () => {
    await group.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [, port] = await group.waitFor(/Backdrop is running at http:\/\/127\.0\.0\.1:(\d+)/, timeoutMs);
    const url = `http://127.0.0.1:${port}`;
    const health = await fetch(`${url}/api/health`);
    if (!health.ok) throw new Error(`/api/health answered ${health.status}`);
    return {
      url,
      port: Number(port),
      dataDir,
      output: group.output,
      alive: () => group.child.exitCode === null && group.child.signalCode === null,
      serverPid: () => childOf(group.child.pid!) ?? group.child.pid!,
      close,
    };
  } catch (error) {
    await close();
    throw new Error(`The server process did not start: ${(error as Error).message}\n${group.output()}`, {
      cause: error,
    });
  }
}

/** The first child of `pid` (Linux /proc), or undefined. */
export function childOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return children[0] ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

/** A port nobody listens on right now (for servers that cannot be told to pick one, like Vite's). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npm run dev` (Vite) on a free port, proxying /api to the server on `apiPort`. */
export async function startDevServer(
  apiPort: number,
  timeoutMs = 60_000,
): Promise<{ url: string; close(): Promise<void> }> {
  const group = spawnGroup(['npm', 'run', 'dev'], {
    PORT: String(apiPort),
    VITE_PORT: String(await freePort()),
  });
  try {
    const [, url] = await group.waitFor(/Local:\s+(http:\/\/127\.0\.0\.1:\d+)\//, timeoutMs);
    return { url: url!, close: () => group.stop() };
  } catch (error) {
    await group.stop();
    throw new Error(`npm run dev did not start: ${(error as Error).message}\n${group.output()}`, {
      cause: error,
    });
  }
}

export function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((done) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      kill('SIGKILL');
      done();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    kill('SIGTERM');
  });
}
