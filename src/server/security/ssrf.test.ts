/**
 * SSRF: which addresses count as public (every IPv6 form that embeds an IPv4 address is judged by what
 * it embeds), and the guarded fetch refusing them as URL literals, as DNS answers and as redirect
 * targets — and through the real server, as a job's imageUrl.
 */
import type { lookup } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../guards/addresses.ts';
import { safeFetch } from '../guards/safe-fetch.ts';
import {
  jobForm,
  postJob,
  refusalOf,
  startTestServer,
  waitForJob,
  type TestServer,
} from '../testing/harness.ts';

/** Non-public addresses in every spelling that has reached or could reach a private host. */
const PRIVATE_FORMS: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['10.0.0.5', 'RFC 1918'],
  ['172.16.3.4', 'RFC 1918'],
  ['192.168.1.1', 'RFC 1918'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['0.0.0.0', 'this network'],
  ['255.255.255.255', 'broadcast'],
  ['224.0.0.1', 'multicast'],
  ['198.18.0.1', 'benchmarking'],
  ['192.0.2.1', 'documentation'],
  ['240.0.0.1', 'reserved'],
  ['::1', 'IPv6 loopback'],
  ['::', 'IPv6 unspecified'],
  ['fd00::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast'],
  ['100::1', 'discard'],
  ['2001:db8::1', 'documentation'],
  ['::127.0.0.1', 'IPv4-compatible loopback (the issue)'],
  ['::7f00:1', 'IPv4-compatible loopback, hex (the issue)'],
  ['::a9fe:a9fe', 'IPv4-compatible metadata (the issue)'],
  ['::169.254.169.254', 'IPv4-compatible metadata, dotted'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata'],
  ['::ffff:0:7f00:1', 'IPv4-translated loopback (the issue)'],
  ['::ffff:0:a9fe:a9fe', 'IPv4-translated metadata (the issue)'],
  ['::ffff:0:10.0.0.1', 'IPv4-translated private, dotted'],
  ['64:ff9b::7f00:1', 'NAT64 loopback'],
  ['64:ff9b::a00:1', 'NAT64 private'],
  ['64:ff9b::169.254.169.254', 'NAT64 metadata, dotted'],
  ['64:ff9b:1::808:808', 'local-use NAT64 (never public, even embedding a public address)'],
  ['64:ff9b:1:7f00:1::', 'local-use NAT64, /48 layout'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:a9fe:a9fe::1', '6to4 of metadata'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['2001:0:7f00:1::', 'Teredo, loopback server'],
  ['2001:0:808:808::f5ff:fffe', 'Teredo, public server, client 10.0.0.1 (inverted)'],
  ['2001:0:a00:1::f7f7:f7f7', 'Teredo, private server 10.0.0.1, public client'],
];
const PUBLIC_FORMS: [string, string][] = [
  ['8.8.8.8', 'IPv4'],
  ['1.1.1.1', 'IPv4'],
  ['2606:4700:4700::1111', 'IPv6 global unicast'],
  ['::ffff:8.8.8.8', 'IPv4-mapped public'],
  ['::808:808', 'IPv4-compatible public'],
  ['64:ff9b::808:808', 'NAT64 public'],
  ['2002:808:808::1', '6to4 of a public address'],
  ['2001:0:808:808::f7f7:f7f7', 'Teredo, public server and client'],
];

describe('isPublicAddress', () => {
  it.each(PRIVATE_FORMS)('%s (%s) is not public', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(PUBLIC_FORMS)('%s (%s) is public', (address) => expect(isPublicAddress(address)).toBe(true));
  it.each(['not-an-ip', '', '127.1', '0x7f000001', '2130706433', '::ffff:127.0.0.1.1'])(
    '%j is not an address, so not public',
    (text) => expect(isPublicAddress(text)).toBe(false),
  );
});

let origin = '';
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/image') return void res.end(Buffer.from('fake-image-bytes'));
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      return void res.end();
    }
    if (url.pathname === '/to-localhost') {
      res.writeHead(302, { location: `http://localhost:${port}/image` });
      return void res.end();
    }
    if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    }
    if (url.pathname === '/big') {
      res.writeHead(200);
      for (let i = 0; i < 64; i++) res.write(Buffer.alloc(64 * 1024));
      return void res.end();
    }
    if (url.pathname === '/hang') return; // never answers
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
const strict = { ...options, allowHosts: [] };
const literal = (address: string) => `http://${address.includes(':') ? `[${address}]` : address}:9/x.png`;
/** A resolver that answers every name with `address` (a name that resolves, or rebinds, to it). */
const resolvingTo = (address: string) =>
  ((_host: string, _opts: unknown, callback: (e: null, a: { address: string; family: number }[]) => void) =>
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }])) as unknown as typeof lookup;

describe('safeFetch', () => {
  it('fetches from an allow-listed test host', async () => {
    const file = await safeFetch(`${origin}/image`, 'imageUrl', options);
    expect(file.data.toString()).toBe('fake-image-bytes');
  });

  it('refuses every private form as a URL literal, before connecting, naming the address', async () => {
    for (const [address, form] of PRIVATE_FORMS) {
      const error = await refusalOf(safeFetch(literal(address), 'background.replace', strict));
      expect(error.body, form).toMatchObject({ code: 'url-refused', path: 'background.replace' });
      expect(error.body.message, form).toMatch(/is not a public address|is not a public host/);
    }
    const names = [
      'http://localhost/',
      'http://api.localhost/',
      'http://LOCALHOST./',
      'http://api.localhost./',
    ];
    for (const url of [...names, `${origin}/image`]) {
      expect((await refusalOf(safeFetch(url, 'imageUrl', strict))).body.code, url).toBe('url-refused');
    }
  });

  it('refuses every private form as the DNS answer for a name (checked at connect time)', async () => {
    for (const [address, form] of PRIVATE_FORMS) {
      const error = await refusalOf(
        safeFetch('http://rebind.example:9/x.png', 'imageUrl', { ...strict, resolver: resolvingTo(address) }),
      );
      expect(error.body.code, form).toBe('url-refused');
      expect(error.body.message, form).toContain(
        `rebind.example resolves to a non-public address (${address})`,
      );
    }
    // The same name, allow-listed, connects to the address the lookup returned.
    const port = new URL(origin).port;
    const file = await safeFetch(`http://rebind.example:${port}/image`, 'imageUrl', {
      ...options,
      allowHosts: ['rebind.example'],
      resolver: resolvingTo('127.0.0.1'),
    });
    expect(file.data.toString()).toBe('fake-image-bytes');
  });

  it('re-checks every redirect: to each private form, to localhost, in a loop', async () => {
    for (const [address, form] of PRIVATE_FORMS.filter(([a]) => a !== '127.0.0.1')) {
      const to = encodeURIComponent(literal(address));
      const error = await refusalOf(safeFetch(`${origin}/redirect?to=${to}`, 'imageUrl', options));
      expect(error.body.code, form).toBe('url-refused');
    }
    expect((await refusalOf(safeFetch(`${origin}/to-localhost`, 'imageUrl', options))).body.code).toBe(
      'url-refused',
    );
    expect((await refusalOf(safeFetch(`${origin}/loop`, 'imageUrl', options))).body.message).toMatch(
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
      expect((await refusalOf(safeFetch(url, 'imageUrl', options))).body.code).toBe('invalid-url');
    }
  });

  it('enforces size and time limits', async () => {
    expect(
      (await refusalOf(safeFetch(`${origin}/big`, 'imageUrl', { ...options, maxBytes: 100_000 }))).body.code,
    ).toBe('image-too-large');
    const slow = await refusalOf(safeFetch(`${origin}/hang`, 'imageUrl', { ...options, timeoutMs: 200 }));
    expect(slow.body).toMatchObject({ code: 'url-timeout' });
    expect((await refusalOf(safeFetch(`${origin}/missing`, 'imageUrl', options))).body.message).toMatch(
      /HTTP 404/,
    );
  });
});

describe('through the real server', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(() => app.close());

  it("a job's imageUrl in each of the issue's forms fails as url-refused, naming the field", async () => {
    const request = { operations: { background: { remove: true, color: '#FFFFFF' } } };
    for (const url of [
      'http://[::127.0.0.1]/',
      'http://[::ffff:0:7f00:1]/',
      'http://[::a9fe:a9fe]/',
      'http://[::ffff:0:a9fe:a9fe]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[2002:7f00:1::]/',
      'http://[2001:0:7f00:1::]/',
    ]) {
      const created = await postJob(
        app.url,
        jobForm({ imageUrl: url, dialect: 'claid', executor: 'local', request }),
      );
      expect(created.status, url).toBe(202);
      const view = await waitForJob(app.url, created.body.id!);
      expect(view.status, url).toBe('failed');
      expect(view.error, url).toMatchObject({ code: 'url-refused', path: 'imageUrl' });
      expect(view.error!.message, url).toMatch(/is not a public address/);
    }
  });
});
