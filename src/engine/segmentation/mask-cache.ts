/**
 * A least-recently-used cache bounded by bytes, so that a few 12 MP masks cannot push the server past
 * its memory budget while many small ones still fit. Map iteration order is insertion order, which makes
 * "delete then set" a move-to-most-recent.
 *
 * With `idle` set, the cache also shrinks to `idle.bytes` once it has not been used for `idle.ms`: the
 * entries serve a designer's next edit of the same photo, seconds away, and are not worth their memory
 * to a server that has gone quiet (issue 10: a server rested at 1.25 GB after 30 jobs, a third of it caches).
 */
export interface IdleTrim {
  /** Milliseconds without a get or set after which the cache shrinks. */
  ms: number;
  /** What it keeps (the most recently used entries that fit). */
  bytes: number;
  /** Called after each idle trim (e.g. to collect the garbage the trim made). */
  then?: () => void;
}

const MB = 1024 * 1024;

/**
 * How the engine's caches (masks, prepared sources) shrink when the engine is idle: after
 * BACKDROP_CACHE_IDLE_SECONDS (default 10) without use, each keeps BACKDROP_CACHE_IDLE_MB (default 32) of
 * its most recent entries — a 4 MP photo's prepared source, or a 12 MP photo's mask (its next edit then
 * skips the model pass).
 */
export const ENGINE_CACHE_IDLE: IdleTrim = {
  ms: Number(process.env.BACKDROP_CACHE_IDLE_SECONDS ?? 10) * 1000,
  bytes: Number(process.env.BACKDROP_CACHE_IDLE_MB ?? 32) * MB,
  then: () => {
    // Both caches go idle together: one collection for the two trims.
    if (collectTimer) return;
    collectTimer = setTimeout(() => {
      collectTimer = null;
      for (const collect of idleCollectors) collect();
    }, 100);
    collectTimer.unref();
  },
};

/**
 * What runs once the engine has gone idle and its caches shrank: garbage collection in each thread that
 * holds image buffers. V8 frees a dropped Buffer only when it next collects, and an idle server allocates
 * nothing that would make it collect — the memory would stay until the next job.
 */
const idleCollectors = new Set<() => void>([collectGarbage]);
let collectTimer: ReturnType<typeof setTimeout> | null = null;

/** Adds `collect` to what runs (at most once per idle moment) after an idle trim. */
export function onIdleCollect(collect: () => void): void {
  idleCollectors.add(collect);
}

let afterWorkTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Call when a run ends (done or failed): ENGINE_CACHE_IDLE.ms later, unless another run ended meanwhile,
 * both threads collect their garbage. The caches' own idle timers count from their last use, which for a
 * large photo is the mask lookup: a 49 MP job's framing and encoding outlast the 10 s, so those timers
 * fired mid-job and the server rested at 1.2 GB after it (`bench:large-job`), holding buffers it dropped.
 */
export function afterEngineWork(): void {
  if (afterWorkTimer) clearTimeout(afterWorkTimer);
  afterWorkTimer = setTimeout(() => {
    afterWorkTimer = null;
    ENGINE_CACHE_IDLE.then?.();
  }, ENGINE_CACHE_IDLE.ms);
  afterWorkTimer.unref();
}

/** Collects this thread's garbage when Node runs with --expose-gc (the launchers pass it), else nothing. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
    private readonly idle?: IdleTrim,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.touch();
    return entry.value;
  }

  set(key: string, value: V): void {
    const bytes = this.sizeOf(value);
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    this.evictTo(this.maxBytes);
    this.touch();
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  /** Drops least recently used entries until at most `bytes` are held. */
  evictTo(bytes: number): void {
    for (const [oldest, entry] of this.entries) {
      if (this.used <= bytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(): void {
    const idle = this.idle;
    if (!idle || (this.used <= idle.bytes && !idle.then)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.evictTo(idle.bytes);
      idle.then?.();
    }, idle.ms);
    this.timer.unref(); // never keeps a process (a CLI run, a test) alive
  }
}
