import { deflateSync, strToU8 } from 'fflate';
// Hostile payloads are built without the dictionary: decoding must still fail cleanly on them.
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, type JsonObject } from './index.ts';

const pack = (value: unknown) => {
  const bytes = deflateSync(typeof value === 'string' ? strToU8(value) : strToU8(JSON.stringify(value)));
  return (
    'r1.' +
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  );
};

describe('share links', () => {
  const claid: JsonObject = {
    operations: {
      background: { remove: { selective: { object_to_keep: 'tasse à café ☕' } }, color: 'transparent' },
    },
    output: { format: 'png' },
    unknown_key: [1, 'two', null],
  };
  it('round-trips both dialects, key order included, as a URL-safe fragment', () => {
    const fragment = encodeShare('claid', claid);
    expect(fragment).toMatch(/^r1\.[A-Za-z0-9_-]+$/);
    const decoded = decodeShare(fragment);
    expect(decoded).toEqual({ ok: true, dialect: 'claid', request: claid });
    expect(JSON.stringify(decoded.ok && decoded.request)).toBe(JSON.stringify(claid));
    const deepImage = { background: { generate: { description: 'sand', color: [1, 2, 3] } }, width: 1000 };
    expect(decodeShare('#' + encodeShare('deep-image', deepImage))).toEqual({
      ok: true,
      dialect: 'deep-image',
      request: deepImage,
    });
  });
  it('is more compact than the URL-encoded JSON', () => {
    const typical = {
      operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
      output: { format: 'png' },
    };
    expect(encodeShare('claid', typical).length).toBeLessThan(
      encodeURIComponent(JSON.stringify(typical)).length / 1.5,
    );
  });
  it.each([
    ['', /not a Backdrop share link/],
    ['hello', /not a Backdrop share link/],
    ['r2.abcd', /newer Backdrop/],
    ['r1.', /damaged/],
    ['r1.abc$def', /characters/],
    ['r1.' + 'A'.repeat(40), /damaged/],
    ['r1.' + 'x'.repeat(40_000), /too long/],
    [pack('not json at all'), /not JSON/],
    [pack([1, 2, 3]), /does not contain a request/],
    [pack({ d: 'claid', r: 'text' }), /does not contain a request/],
    [pack({ d: 'photoshop', r: {} }), /unknown provider/],
    [pack({ d: 'claid', r: {} }).slice(0, -6), /damaged/],
  ])('refuses %j with a clear message', (fragment, message) => {
    const decoded = decodeShare(fragment);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.message).toMatch(message);
  });
  it('refuses a decompression bomb without inflating it all', () => {
    const bomb = pack('{"d":"claid","r":{"x":"' + '0'.repeat(5_000_000) + '"}}');
    expect(bomb.length).toBeLessThan(32_000);
    const decoded = decodeShare(bomb);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.message).toMatch(/far more than a request/);
  });
});

describe('share links with finishing', () => {
  const request: JsonObject = { operations: { background: { remove: true, color: '#FFFFFF' } } };
  it('carry the finishing settings beside the request and bring them back', () => {
    const finish = {
      shadow: { type: 'cast' as const, angle: 120, opacity: 0.3 },
      placement: { scale: 0.85 },
    };
    expect(decodeShare(encodeShare('claid', request, finish))).toEqual({
      ok: true,
      dialect: 'claid',
      request,
      finish,
    });
  });
  it('leave an empty finish out, so a link without finishing is the same as before', () => {
    expect(encodeShare('claid', request, { shadow: { type: 'none' } })).toBe(encodeShare('claid', request));
    expect(encodeShare('claid', request, null)).toBe(encodeShare('claid', request));
  });
  it('open the request and say what was dropped when the finishing part is invalid', () => {
    const decoded = decodeShare(pack({ d: 'claid', r: request, f: { shadow: { type: 'glow' } } }));
    expect(decoded.ok && decoded.request).toEqual(request);
    expect(decoded.ok && decoded.finish).toBeUndefined();
    expect(decoded.ok && decoded.finishProblem).toMatch(/finish\.shadow\.type.*"glow"/);
  });
});
