/**
 * README's "initial JavaScript ≤ 150 KB gzip" cannot regress silently: this builds the editor (vite build
 * into a temp folder, a few seconds), counts its initial chunks as bench:app does (bench/initial-js.ts)
 * and checks the budget. It also checks that the lazily loaded chunks (result details, results strip,
 * presets, batch, finishing…) are served by the real server as the other assets are: fingerprinted names,
 * cached for good, under the same Content-Security-Policy (script-src 'self').
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialJavaScript, INITIAL_JS_BUDGET_KB } from '../../bench/initial-js.ts';
import { startTestServer, type TestServer } from './testing/harness.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
let outDir: string;
let server: TestServer;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'backdrop-bundle-'));
  const build = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    // Vitest sets NODE_ENV=test, which would build React's development files.
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stderr}`);
  server = await startTestServer({ staticDir: outDir });
});
afterAll(async () => {
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the editor bundle', () => {
  it(`loads at most ${INITIAL_JS_BUDGET_KB} KB gzip of JavaScript before the first interaction`, () => {
    const js = initialJavaScript(outDir);
    const kb = js.gzipBytes / 1024;
    expect(kb, `initial chunks: ${js.files.join(', ')}`).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB);
    // What the first paint does not need stays out of it (the views this budget depends on).
    for (const lazy of [
      'JobDetails',
      'ResultsStrip',
      'EnlargeNote',
      'catalogue',
      'BatchView',
      'FinishingPanel',
    ]) {
      expect(
        js.files.some((file) => file.includes(`/${lazy}-`)),
        `${lazy} in the initial chunks`,
      ).toBe(false);
      expect(
        js.lazyFiles.some((file) => file.includes(`/${lazy}-`)),
        `${lazy} has no chunk of its own`,
      ).toBe(true);
    }
  });

  it('serves every lazy chunk like the other assets: hashed, immutable, JavaScript, under the CSP', async () => {
    const { lazyFiles } = initialJavaScript(outDir);
    expect(lazyFiles.length).toBeGreaterThan(10);
    for (const file of lazyFiles) {
      expect(file).toMatch(/^assets\/[\w.-]+-[\w-]{8}\.js$/);
      const res = await fetch(`${server.url}/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      await res.arrayBuffer();
    }
  });
});
