import { describe, expect, it } from 'vitest';
import { ByteLru } from './mask-cache.ts';

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
});
