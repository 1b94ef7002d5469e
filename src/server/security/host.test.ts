/**
 * DNS rebinding: a page on evil.example that rebinds its name to 127.0.0.1 sends Host: evil.example:PORT
 * and a matching Origin. The server answers only for its own names (421 for others) before any route,
 * in process, in the real server process, with BACKDROP_PUBLIC_ORIGIN, and behind `npm run dev`'s proxy.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobForm, samplePng, startTestServer, type TestServer } from '../testing/harness.ts';
import { startDevServer, startServerProcess } from '../testing/server-process.ts';

interface Answer {
  status: number;
  code?: string;
  message?: string;
}

/**
 * One request with a Host header of our choosing (fetch always sends the URL's host); `target` sends
 * that request line target as is, e.g. an absolute-form `http://name/path`.
 */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer; target?: string } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        setHost: false,
        ...(options.target ? { path: options.target } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let error: { code?: string; message?: string } | undefined;
          try {
            error = (JSON.parse(text) as { error?: typeof error }).error;
          } catch {
            error = undefined;
          }
          resolve({ status: res.statusCode ?? 0, ...(error ?? {}) });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function multipart(): Promise<{ body: Buffer; type: string }> {
  const form = jobForm({
    image: await samplePng(),
    dialect: 'claid',
    executor: 'claid',
    request: { operations: { background: { remove: true, color: '#FFFFFF' } } },
  });
  const res = new Response(form);
  return { body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type')! };
}

describe('Host check, keyless loopback server', () => {
  let server: TestServer;
  let port: string;
  beforeAll(async () => {
    server = await startTestServer();
    port = new URL(server.url).port;
  });
  afterAll(() => server.close());

  it('the rebinding attack from the issue: a job POSTed as evil.example is refused with 421, nothing queued', async () => {
    const { body, type } = await multipart();
    const attack = await raw(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, 'content-type': type },
      body,
    });
    expect(attack).toMatchObject({ status: 421, code: 'unknown-host' });
    expect(attack.message).toContain(`127.0.0.1:${port}`);
    expect(attack.message).toContain('BACKDROP_PUBLIC_ORIGIN');
    expect(server.claid.requests).toHaveLength(0);
    // The same request under the server's own name goes through.
    const own = await raw(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': type },
      body,
    });
    expect(own.status).toBe(202);
  });

  it('every route refuses foreign or malformed names; the loopback names on our port pass', async () => {
    const id = '00000000-0000-0000-0000-000000000000';
    const routes = [
      ['GET', '/api/executors'],
      ['GET', `/api/jobs/${id}`],
      ['GET', `/api/jobs/${id}/result`],
      ['DELETE', `/api/jobs/${id}`],
      ['GET', '/'],
      ['GET', '/sign-in'],
    ] as const;
    const foreign = [
      `evil.example:${port}`,
      'evil.example',
      `localhost:${Number(port) + 1}`,
      `127.0.0.2:${port}`,
    ];
    // Node's parser itself answers 400 to a missing Host and to some values that are no host at all.
    const malformed = ['', `user@127.0.0.1:${port}`, `127.0.0.1:${port}/x`, `127.0.0.1:${port} x`];
    for (const host of [...foreign, ...malformed]) {
      for (const [method, path] of routes) {
        const answer = await raw(server.url + path, { method, headers: host ? { host } : {} });
        const expected = foreign.includes(host) ? [421] : [400, 421];
        expect(expected, `${method} ${path} as ${JSON.stringify(host)}`).toContain(answer.status);
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await raw(`${server.url}/api/executors`, { headers: { host } })).status, host).toBe(200);
    }
  });

  it('an absolute-form target naming another host is refused, even under our own Host header', async () => {
    const own = { host: `127.0.0.1:${port}` };
    const foreign = await raw(server.url, {
      headers: own,
      target: `http://evil.example:${port}/api/executors`,
    });
    expect(foreign).toMatchObject({ status: 421, code: 'unknown-host' });
    expect(foreign.message).toContain(`not for "evil.example:${port}"`);
    const ours = await raw(server.url, { headers: own, target: `http://127.0.0.1:${port}/api/executors` });
    expect(ours.status).toBe(200);
  });

  it('/api/health answers whatever the name (monitors use addresses)', async () => {
    expect((await raw(`${server.url}/api/health`, { headers: { host: 'evil.example' } })).status).toBe(200);
  });
});

describe('Host check with BACKDROP_PUBLIC_ORIGIN behind a TLS proxy', () => {
  const TOKEN = 'token-for-host-tests-0123456789';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        BACKDROP_PUBLIC_ORIGIN: 'https://backdrop.example.com, http://10.1.2.3:8080',
        BACKDROP_ACCESS_TOKEN: TOKEN,
      },
    });
  });
  afterAll(() => server.close());

  it('accepts the configured names and their origin, still refuses others', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const host of ['backdrop.example.com', 'backdrop.example.com:443', '10.1.2.3:8080'])
      expect((await raw(`${server.url}/api/executors`, { headers: { ...auth, host } })).status, host).toBe(
        200,
      );
    for (const host of ['backdrop.example.com:8443', 'evil.example', '10.1.2.3'])
      expect((await raw(`${server.url}/api/executors`, { headers: { ...auth, host } })).status, host).toBe(
        421,
      );
    const { body, type } = await multipart();
    const posted = await raw(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: {
        ...auth,
        host: 'backdrop.example.com',
        origin: 'https://backdrop.example.com',
        'content-type': type,
      },
      body,
    });
    expect(posted.status).toBe(202);
    const foreign = await raw(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: {
        ...auth,
        host: 'backdrop.example.com',
        origin: 'https://evil.example',
        'content-type': type,
      },
      body,
    });
    expect(foreign).toMatchObject({ status: 403, code: 'cross-origin' });
  });
});

describe('Host check in the real server process and behind npm run dev', () => {
  it('the started server refuses a rebinding name; the dev proxy still works and still refuses other sites', async () => {
    const server = await startServerProcess();
    const dev = await startDevServer(server.port).catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    try {
      expect(
        (await raw(`${server.url}/api/executors`, { headers: { host: `evil.example:${server.port}` } }))
          .status,
      ).toBe(421);
      const devOrigin = new URL(dev.url).origin;
      expect((await fetch(`${dev.url}/api/executors`)).status).toBe(200);
      const { body, type } = await multipart();
      const post = (origin: string) =>
        raw(`${dev.url}/api/jobs`, {
          method: 'POST',
          headers: { host: new URL(dev.url).host, origin, 'content-type': type },
          body,
        });
      // The dev page's own POST reaches the server's checks (the claid executor has no key here).
      expect(await post(devOrigin)).toMatchObject({ status: 400, code: 'executor-unavailable' });
      expect(await post('https://evil.example')).toMatchObject({ status: 403, code: 'cross-origin' });
      // Vite guards its own port against rebinding names.
      expect((await raw(`${dev.url}/api/executors`, { headers: { host: 'evil.example' } })).status).toBe(403);
    } finally {
      await dev.close();
      await server.close();
    }
  }, 120_000);
});
