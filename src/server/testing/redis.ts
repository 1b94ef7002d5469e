/**
 * A real redis-server for the Redis-mode tests: on a random loopback port in 6400–6499, persistence off
 * (`--save '' --appendonly no`), stopped (and restartable on the same port) by the test.
 */
import { ownChild } from './own-child.ts';
import { spawn, type ChildProcess } from 'node:child_process';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops redis-server (SIGKILL when `hard`); everything it held is gone (no persistence). */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  ownChild(child); // SIGKILLed if this process exits before stopping it
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error('redis-server did not start within 10 s')), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output}`));
    };
    child.on('error', (error) =>
      fail(new Error(`redis-server could not run (${error.message}); install it (.ci/run does).`)),
    );
    child.on('exit', (code) => fail(new Error(`redis-server exited with code ${code}`)));
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (!/Ready to accept connections/.test(output)) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.off('data', listen);
      child.stdout!.resume(); // keep draining what it logs later
      resolve(child);
    };
    child.stdout!.on('data', listen);
    child.stderr!.resume();
  });
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Starts redis-server on a free random port in 6400–6499 (a few tries when ports are taken). */
export async function startRedis(): Promise<TestRedis> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 8; attempt++) {
    const port = 6400 + Math.floor(Math.random() * 100);
    try {
      let child = await launch(port);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async stop(hard = false) {
          const exit = ended(child);
          child.kill(hard ? 'SIGKILL' : 'SIGTERM');
          await exit;
        },
        async start() {
          child = await launch(port);
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
