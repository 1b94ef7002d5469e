import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterEngineWork, ByteLru, ENGINE_CACHE_IDLE, onIdleCollect } from './mask-cache.ts';

describe('ByteLru', () => {
  const lru = () => new ByteLru<Buffer>(10, (b) => b.length);

  it('evicts least recently used entries once the byte budget is exceeded', () => {
    const cache = lru();
    cache.set('a', Buffer.alloc(4));
    cache.set('b', Buffer.alloc(4));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', Buffer.alloc(4)); // 12 bytes > 10: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.bytes).toBe(8);
    expect(cache.size).toBe(2);
  });

  it('replaces an entry without double-counting and never stores one larger than the budget', () => {
    const cache = lru();
    cache.set('a', Buffer.alloc(6));
    cache.set('a', Buffer.alloc(3));
    expect(cache.bytes).toBe(3);
    cache.set('huge', Buffer.alloc(11));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.bytes).toBe(3);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  describe('when idle', () => {
    afterEach(() => vi.useRealTimers());
    const idleLru = () => new ByteLru<Buffer>(100, (b) => b.length, { ms: 10_000, bytes: 30 });

    it('shrinks to its idle budget, keeping the most recently used, once unused for the idle time', () => {
      vi.useFakeTimers();
      const cache = idleLru();
      for (const key of ['a', 'b', 'c', 'd']) cache.set(key, Buffer.alloc(20, key));
      expect(cache.bytes).toBe(80);
      cache.get('b'); // b is now the most recent
      vi.advanceTimersByTime(9_999);
      expect(cache.bytes).toBe(80);
      vi.advanceTimersByTime(1);
      expect(cache.bytes).toBe(20);
      expect(cache.get('b')?.[0]).toBe('b'.charCodeAt(0));
      expect(cache.get('d')).toBeUndefined();
    });

    it('each use restarts the idle time', () => {
      vi.useFakeTimers();
      const cache = idleLru();
      cache.set('a', Buffer.alloc(20));
      cache.set('b', Buffer.alloc(20));
      vi.advanceTimersByTime(8_000);
      cache.get('a');
      vi.advanceTimersByTime(8_000);
      expect(cache.size).toBe(2);
      vi.advanceTimersByTime(2_000);
      expect(cache.size).toBe(1);
    });
  });

  it('collects garbage the idle time after the last run ends, not after the last cache use', () => {
    vi.useFakeTimers();
    let collections = 0;
    onIdleCollect(() => collections++);
    afterEngineWork();
    vi.advanceTimersByTime(ENGINE_CACHE_IDLE.ms - 1_000);
    afterEngineWork(); // another run ended: the idle time starts again
    vi.advanceTimersByTime(ENGINE_CACHE_IDLE.ms - 1);
    expect(collections).toBe(0);
    vi.advanceTimersByTime(1 + 100); // the collection runs 100 ms after the trim (both caches share it)
    expect(collections).toBe(1);
    vi.useRealTimers();
  });
});
