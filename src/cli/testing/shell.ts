/**
 * Runs commands the way a user types them: one shell line, from the repository's root, through npm and
 * npx (so `npx backdrop` goes through the bin link npm installs). For tests only.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `line` in sh from `cwd` (default: the repository) and resolves when it ends (or after timeoutMs). */
export function shell(
  line: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = execFile(
      'sh',
      ['-c', line],
      {
        cwd: options.cwd ?? ROOT,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
  });
}

/** A long-running command (server, benchmark) started in its own process group, so stop() ends all of it. */
export interface Running {
  child: ChildProcess;
  /** Everything printed so far on stdout and stderr (ANSI colours removed). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the command ends first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /**
   * The exit code if the command ended within `ms`, else null (it is still running). Death by a signal
   * reads as a shell reports it: 128 + the signal's number (SIGINT → 130).
   */
  exitWithin(ms: number): Promise<number | null>;
  /** Resolves true once every process of the group has ended (within `ms`), false otherwise. */
  groupEnded(ms: number): Promise<boolean>;
  /** SIGTERM to the whole group, SIGKILL after 10 s; resolves once every process of the group is gone. */
  stop(): Promise<void>;
}

export function start(line: string, options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Running {
  const child = spawn('sh', ['-c', line], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: string) => {
    text += stripVTControlCharacters(chunk);
    for (const listener of listeners) listener();
  };
  // Decoded as UTF-8 by the stream, so a character split across two chunks stays whole.
  child.stdout!.setEncoding('utf8').on('data', append);
  child.stderr!.setEncoding('utf8').on('data', append);
  let exitCode: number | null = null;
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : -1);
      resolve(exitCode);
      for (const listener of listeners) listener();
    }),
  );
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) done(() => resolve(match));
          else if (exitCode !== null)
            done(() =>
              reject(new Error(`"${line}" ended (${exitCode}) before printing ${pattern}:\n${text}`)),
            );
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`"${line}" printed no ${pattern} in ${timeoutMs} ms:\n${text}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async exitWithin(ms) {
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        exited,
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms))),
      ]);
      clearTimeout(timer);
      return result;
    },
    async groupEnded(ms) {
      const deadline = Date.now() + ms;
      while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      return !groupAlive();
    },
    async stop() {
      if (groupAlive()) process.kill(-child.pid!, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive()) process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
  };
}
