/**
 * glibc malloc settings for a process that runs the segmentation model.
 *
 * The model's activations are large (64 MB tensors at 1024²) and a 12 MP job moves 36–48 MB buffers;
 * glibc serves both from fresh mappings. Asking for transparent huge pages on those mappings (`hugetlb=1`;
 * THP is usually in `madvise` mode) cuts TLB misses: a 12 MP job took 3.1–3.3 s instead of 3.7–4.4 s
 * (bench/engine.bench.ts, runs alternating with and without), a lone 1024² model pass 1.13 s instead of
 * 1.35 s (medians of 12); the 1024 px first result and the preview stayed within noise, peak memory too.
 *
 * Measured and not taken: `mmap_threshold=262144` (every allocation ≥ 256 KB its own mapping) hands freed
 * memory straight back and brought the peak of a server running a 12 MP job from ~1.0 GB to 0.75–0.87 GB,
 * but every pass then faults its pages in afresh: the cold preview went from ~0.45 s to 0.55–0.9 s. A user
 * short of memory can add it to GLIBC_TUNABLES themselves (their entries win, key by key).
 *
 * Only glibc reads GLIBC_TUNABLES (macOS, Windows and musl ignore it), and only when a process starts, so
 * the launchers (`npm start`, `backdrop run|mask`) start Node once more with it set.
 */
import { spawn } from 'node:child_process';

export const ALLOCATOR_TUNABLES = ['glibc.malloc.hugetlb=1'] as const;

const keyOf = (tunable: string) => tunable.split('=')[0];

/** `env` with our tunables added to GLIBC_TUNABLES; the same object when nothing needs adding. */
export function withAllocatorTuning(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const current = (env.GLIBC_TUNABLES ?? '').split(':').filter(Boolean);
  const present = new Set(current.map(keyOf));
  const missing = ALLOCATOR_TUNABLES.filter((tunable) => !present.has(keyOf(tunable)));
  if (missing.length === 0) return env;
  return { ...env, GLIBC_TUNABLES: [...current, ...missing].join(':') };
}

/** Whether this process should start again with the tunables (glibc platforms that lack them). */
export function needsAllocatorRelaunch(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  execArgv: string[] = process.execArgv,
): boolean {
  // Under a debugger the process it attached to must be the one that runs (and a child would fight
  // it for the inspector port).
  const debugging = execArgv.some((arg) => arg.startsWith('--inspect'));
  return platform === 'linux' && !debugging && withAllocatorTuning(env) !== env;
}

/**
 * Runs this same command again in a child with the tuned environment, forwards stop signals to it and
 * leaves with its exit code (or its signal). The caller must not start any work of its own.
 */
export function relaunchWithAllocatorTuning(): void {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: withAllocatorTuning(process.env),
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  child.on('error', (error) => {
    console.error(`Backdrop cannot start Node: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal); // end the way the child ended, for shells and supervisors
    } else process.exit(code ?? 1);
  });
}
