/**
 * Who waits for a change of which job or batch id, in this process: the long-polls behind
 * ResultStore.changed(). The disk store wakes them on its own writes; the Redis store on the change
 * messages every process publishes.
 */
export class Watchers {
  private readonly byId = new Map<string, Set<() => void>>();

  /** Resolves at the next wake(id); rejects with the signal's reason when it aborts first. */
  wait(id: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const set = this.byId.get(id) ?? new Set();
      this.byId.set(id, set);
      const leave = () => {
        set.delete(done);
        if (set.size === 0) this.byId.delete(id);
      };
      const done = () => {
        leave();
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        leave();
        reject(signal.reason);
      };
      set.add(done);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  wake(id: string): void {
    for (const done of [...(this.byId.get(id) ?? [])]) done();
  }
}
