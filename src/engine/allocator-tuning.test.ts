import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOCATOR_TUNABLES, needsAllocatorRelaunch, withAllocatorTuning } from './allocator-tuning.ts';

const fixture = path.join(import.meta.dirname, 'testing/relaunch-fixture.mjs');

describe('withAllocatorTuning', () => {
  it('adds the tunables to an environment without any', () => {
    expect(withAllocatorTuning({ PATH: '/bin' })).toEqual({
      PATH: '/bin',
      GLIBC_TUNABLES: ALLOCATOR_TUNABLES.join(':'),
    });
  });

  it("keeps a user's own tunables and lets their value for the same key win", () => {
    const env = {
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0:glibc.malloc.mmap_threshold=262144:glibc.malloc.arena_max=2',
    };
    expect(withAllocatorTuning(env)).toBe(env);
    const other = withAllocatorTuning({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' });
    expect(other.GLIBC_TUNABLES).toBe(`glibc.malloc.arena_max=2:${ALLOCATOR_TUNABLES.join(':')}`);
  });

  it('relaunches only on Linux and only when something is missing', () => {
    expect(needsAllocatorRelaunch({}, 'linux', [])).toBe(true);
    expect(needsAllocatorRelaunch({}, 'darwin')).toBe(false);
    expect(needsAllocatorRelaunch({}, 'win32')).toBe(false);
    expect(needsAllocatorRelaunch(withAllocatorTuning({}), 'linux')).toBe(false);
    expect(needsAllocatorRelaunch({}, 'linux', ['--inspect=9229'])).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('relaunchWithAllocatorTuning', () => {
  const start = (arg: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.GLIBC_TUNABLES;
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, arg], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const report = async () => {
      while (!out.includes('\n')) await once(child.stdout, 'data');
      return JSON.parse(out) as { pid: number; tunables: string | null; gc: string };
    };
    return { child, report };
  };

  it('runs the program again with the tunables and leaves with its exit code', async () => {
    const { child, report } = start('3');
    const [code] = (await once(child, 'exit')) as [number | null];
    const seen = await report();
    expect(seen.tunables).toBe(ALLOCATOR_TUNABLES.join(':'));
    expect(seen.gc).toBe('function'); // the engine collects garbage when it goes idle
    expect(seen.pid).not.toBe(child.pid);
    expect(code).toBe(3);
  });

  it('passes a stop signal on, so stopping the launcher stops the server', async () => {
    const { child, report } = start('wait');
    const seen = await report();
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect(signal ?? code).toBe('SIGTERM');
    expect(() => process.kill(seen.pid, 0)).toThrow(); // the relaunched child is gone too
  });
});
