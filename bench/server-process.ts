/**
 * The real server as its own process, for benchmarks that measure it from outside (latency, RSS): started
 * as `npm start` starts it (src/server/main.ts), found by the address it prints, stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ownChild } from '../src/server/testing/own-child.ts';

/** Starts src/server/main.ts with `env` (give PORT: '0' for a free port); resolves with its address. */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = ownChild(
    spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      // Only the tail matters: the address line, among whatever else the server prints.
      buffered = (buffered + chunk.toString()).slice(-10_000);
      const match = /running at (http:\/\/[\d.]+:\d+)/.exec(buffered);
      if (match) {
        buffered = '';
        resolve({ url: match[1]!, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** A process's resident set (VmRSS) or its peak so far (VmHWM), in bytes, from /proc (Linux). */
export function processMemory(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}
