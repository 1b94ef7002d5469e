/** SSRF guard (addresses, redirects, size, time) and magic-byte sniffing. */
import type { lookup } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../errors.ts';
import { isPublicAddress } from './addresses.ts';
import { sniffImageType } from './image-type.ts';
import { safeFetch } from './safe-fetch.ts';

let origin = '';
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    if (req.url === '/image') return void res.end(Buffer.from('fake-image-bytes'));
    if (req.url === '/to-localhost') {
      res.writeHead(302, { location: `http://localhost:${port}/image` });
      return void res.end();
    }
    if (req.url === '/to-private') {
      res.writeHead(301, { location: 'http://10.1.2.3/secret' });
      return void res.end();
    }
    if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    }
    if (req.url === '/big') {
      res.writeHead(200);
      for (let i = 0; i < 64; i++) res.write(Buffer.alloc(64 * 1024));
      return void res.end();
    }
    if (req.url === '/hang') return; // never answers
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const options = { maxBytes: 1024 * 1024, timeoutMs: 500, allowHosts: ['127.0.0.1'] };
async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.0.0.5', false],
    ['172.16.3.4', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['64:ff9b::a00:1', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('safeFetch', () => {
  it('fetches from an allow-listed test host', async () => {
    const file = await safeFetch(`${origin}/image`, 'imageUrl', options);
    expect(file.data.toString()).toBe('fake-image-bytes');
  });

  it('refuses loopback, private and metadata addresses when not allow-listed', async () => {
    for (const url of [
      `${origin}/image`,
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://localhost/',
      'http://10.0.0.1/',
    ]) {
      const error = await refusal(safeFetch(url, 'background.replace', { ...options, allowHosts: [] }));
      expect(error.body).toMatchObject({ code: 'url-refused', path: 'background.replace' });
    }
  });

  it('refuses names that resolve to private addresses (checked at connect time, after DNS)', async () => {
    const port = new URL(origin).port;
    const resolver = ((
      _host: string,
      _opts: unknown,
      callback: (e: null, a: { address: string; family: number }[]) => void,
    ) => callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof lookup;
    const error = await refusal(
      safeFetch(`http://rebind.example:${port}/image`, 'imageUrl', { ...options, allowHosts: [], resolver }),
    );
    expect(error.body.code).toBe('url-refused');
    expect(error.body.message).toMatch(/rebind\.example resolves to a non-public address \(127\.0\.0\.1\)/);
    // The same name, allow-listed, connects to the address the lookup returned.
    const file = await safeFetch(`http://rebind.example:${port}/image`, 'imageUrl', {
      ...options,
      allowHosts: ['rebind.example'],
      resolver,
    });
    expect(file.data.toString()).toBe('fake-image-bytes');
  });

  it('re-checks every redirect', async () => {
    expect((await refusal(safeFetch(`${origin}/to-localhost`, 'imageUrl', options))).body.code).toBe(
      'url-refused',
    );
    expect((await refusal(safeFetch(`${origin}/to-private`, 'imageUrl', options))).body.message).toMatch(
      /10\.1\.2\.3 is not a public address/,
    );
    expect((await refusal(safeFetch(`${origin}/loop`, 'imageUrl', options))).body.message).toMatch(
      /too many redirects/,
    );
  });

  it('only http(s), no credentials', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/a.png',
      'gopher://x',
      'http://user:pw@example.com/',
    ]) {
      expect((await refusal(safeFetch(url, 'imageUrl', options))).body.code).toBe('invalid-url');
    }
  });

  it('enforces size and time limits', async () => {
    expect(
      (await refusal(safeFetch(`${origin}/big`, 'imageUrl', { ...options, maxBytes: 100_000 }))).body.code,
    ).toBe('image-too-large');
    const slow = await refusal(safeFetch(`${origin}/hang`, 'imageUrl', { ...options, timeoutMs: 200 }));
    expect(slow.body).toMatchObject({ code: 'url-timeout' });
    expect((await refusal(safeFetch(`${origin}/missing`, 'imageUrl', options))).body.message).toMatch(
      /HTTP 404/,
    );
  });
});

describe('sniffImageType', () => {
  const ftyp = (brand: string, compat: string[] = []) => {
    const box = Buffer.alloc(16 + compat.length * 4);
    box.writeUInt32BE(box.length, 0);
    box.write('ftyp', 4, 'latin1');
    box.write(brand, 8, 'latin1');
    compat.forEach((c, i) => box.write(c, 16 + i * 4, 'latin1'));
    return box;
  };
  it('recognises each accepted type from magic bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))?.mime).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))?.mime).toBe('image/webp');
    expect(sniffImageType(Buffer.from('GIF89a', 'latin1'))?.mime).toBe('image/gif');
    expect(sniffImageType(Buffer.from('II*\0', 'latin1'))?.mime).toBe('image/tiff');
    expect(sniffImageType(ftyp('avif'))?.mime).toBe('image/avif');
    expect(sniffImageType(ftyp('mif1', ['avif']))?.mime).toBe('image/avif');
    expect(sniffImageType(ftyp('heic'))?.mime).toBe('image/heic');
    expect(sniffImageType(ftyp('mp42'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns=', 'latin1'))).toBeNull();
  });
});
