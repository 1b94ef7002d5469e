/**
 * glibc malloc settings for a process that runs the segmentation model.
 *
 * The model's activations are large (64 MB tensors at 1024²) and a 12 MP job moves 36–48 MB buffers;
 * glibc serves both from fresh mappings. Asking for transparent huge pages on those mappings (`hugetlb=1`;
 * THP is usually in `madvise` mode) cuts TLB misses: a 12 MP job took 3.1–3.3 s instead of 3.7–4.4 s
 * (bench/engine.bench.ts, runs alternating with and without), a lone 1024² model pass 1.13 s instead of
 * 1.35 s (medians of 12); the 1024 px first result and the preview stayed within noise, peak memory too.
 *
 * `mmap_threshold=1048576` (issue 10): every allocation of 1 MB or more gets its own mapping, which free()
 * hands straight back to the system. Without it glibc raises the threshold after the first large free and
 * then serves image buffers and model tensors from its heaps, which it keeps: a server that ran 30 mixed
 * jobs rested at 1.13 GB; with it, 0.65 GB, peak 0.97 GB instead of 1.28 GB, and 0.41 GB instead of
 * 0.67 GB after the first job (bench:soak, same code otherwise). The price is page faults on fresh
 * mappings each pass (eased by huge pages); `mmap_threshold=262144` had slowed the cold preview from
 * ~0.45 s to 0.55–0.9 s. A user can set their own value in GLIBC_TUNABLES (their entries win, key by key).
 * The child also gets `--expose-gc`, so the engine can collect what it dropped once it goes idle.
 *
 * Only glibc reads GLIBC_TUNABLES (macOS, Windows and musl ignore it), and only when a process starts, so
 * the launchers (`npm start`, `backdrop run|mask|batch`) start Node once more with it set.
 */
import { spawn } from 'node:child_process';

export const ALLOCATOR_TUNABLES = ['glibc.malloc.hugetlb=1', 'glibc.malloc.mmap_threshold=1048576'] as const;

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
  // --expose-gc: the engine collects garbage once it goes idle (ENGINE_CACHE_IDLE in mask-cache.ts).
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', ...process.argv.slice(1)], {
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
