/** Access-token mode, sign-in page, static app serving with SPA fallback, and the non-loopback refusal. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitForJob,
  type TestServer,
} from '../testing/harness.ts';

const TOKEN = 'token-for-tests-0123456789';
let server: TestServer;
let staticDir: string;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'backdrop-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(
    join(staticDir, 'index.html'),
    '<!doctype html><title>Backdrop app</title><div id="root"></div>',
  );
  writeFileSync(join(staticDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  server = await startTestServer({ env: { BACKDROP_ACCESS_TOKEN: TOKEN }, staticDir });
});
afterAll(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('access token mode', () => {
  it('answers 401 on the API without the token, keeps health open', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const res = await fetch(`${server.url}/api/executors`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/sign-in/),
    });
    expect(
      (
        await fetch(`${server.url}/api/executors`, {
          headers: { authorization: 'Bearer wrong-token-wrong-token' },
        })
      ).status,
    ).toBe(401);
    const page = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in');
  });

  it('accepts Bearer, and a cookie from the sign-in page', async () => {
    expect(
      (await fetch(`${server.url}/api/executors`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    const bad = await fetch(`${server.url}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'nope' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(401);
    const good = await fetch(`${server.url}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ token: TOKEN }),
      redirect: 'manual',
    });
    expect(good.status).toBe(303);
    const cookie = good.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0]!;
    expect((await fetch(`${server.url}/api/executors`, { headers: { cookie: session } })).status).toBe(200);
    const image = await samplePng();
    const job = await postJob(
      server.url,
      jobForm({
        image,
        dialect: 'claid',
        executor: 'claid',
        request: { operations: { background: { remove: true, color: '#FFFFFF' } } },
      }),
      { cookie: session },
    );
    expect(job.status).toBe(202);
    expect((await waitForJob(server.url, job.body.id!, 10_000, { cookie: session })).status).toBe('done');
  });

  it('serves the built app with an SPA fallback and long-cached assets', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const index = await fetch(`${server.url}/editor/some/deep/link`, { headers: auth });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('Backdrop app');
    const asset = await fetch(`${server.url}/assets/app-abc123.js`, { headers: auth });
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/api/unknown`, { headers: auth })).status).toBe(404);
  });
});

describe('startup', () => {
  it('main.ts refuses a non-loopback HOST without BACKDROP_ACCESS_TOKEN, with a clear message', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-main-'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        HOST: '0.0.0.0',
        PORT: '0',
        BACKDROP_ACCESS_TOKEN: '',
        BACKDROP_DATA_DIR: mkdtempSync(join(tmpdir(), 'backdrop-main-')),
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    rmSync(dataDir, { recursive: true, force: true });
    expect(result.stderr).toMatch(/Backdrop cannot start: HOST=0\.0\.0\.0 .*BACKDROP_ACCESS_TOKEN/);
  });
});
