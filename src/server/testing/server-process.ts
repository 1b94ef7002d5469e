/**
 * The real server as a separate process, started exactly as `npm start` / `npm run serve` start it
 * (`node src/server/start.mjs`), on a free loopback port, with its own data dir. For attack tests that
 * must see what a user's process would do (crash, leak, stay up), not only an in-process app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the process printed (stdout + stderr), for scanning. */
  output(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Stops the process group (launcher and server) and removes the data dir. */
  close(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../../..');

/**
 * Starts `node src/server/start.mjs` with PORT=0 and `env`; resolves when it prints its address and
 * answers /api/health. Throws (after stopping it) when it exits or is not up within `timeoutMs`.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-process-'));
  const child = spawn(process.execPath, [join(root, 'src/server/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      BACKDROP_DATA_DIR: dataDir,
      BACKDROP_WARM_UP: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the launcher and the server stop together
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const close = async () => {
    await stopGroup(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const port = await waitForAddress(child, () => output, timeoutMs);
    const url = `http://127.0.0.1:${port}`;
    const health = await fetch(`${url}/api/health`);
    if (!health.ok) throw new Error(`/api/health answered ${health.status}`);
    return {
      url,
      port,
      dataDir,
      output: () => output,
      alive: () => child.exitCode === null && child.signalCode === null,
      close,
    };
  } catch (error) {
    await close();
    throw new Error(`The server process did not start: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
}

async function waitForAddress(child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const port = /Backdrop is running at http:\/\/127\.0\.0\.1:(\d+)/.exec(output())?.[1];
    if (port) return Number(port);
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no address printed within ${timeoutMs / 1000} s`);
}

function stopGroup(child: ChildProcess): Promise<void> {
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
