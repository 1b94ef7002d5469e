/**
 * The local engine timed as a user meets it: a real server process (`npm start`'s entry,
 * src/server/start.mjs) on a free loopback port, a job POSTed to /api/jobs, polled every 25 ms, until the
 * full result has been fetched from /api/jobs/:id/result. The browser app polls every 400 ms, which adds
 * up to that much on top; the 25 ms polling here measures the server.
 */
import { spawn } from 'node:child_process';
import { ownChild } from '../src/server/testing/own-child.ts';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobView } from '../src/recipe/index.ts';
import { dataSubdir } from '../src/engine/segmentation/data-dir.ts';

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the server with its own job store (a temp folder) that shares this checkout's model cache
 * (a symlink to .data/models), so no model is assembled again. `env` adds settings.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ApiServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'backdrop-bench-'));
  await symlink(await dataSubdir('models'), path.join(dataDir, 'models'));
  const root = path.resolve(import.meta.dirname, '..');
  const child = ownChild(
    spawn(process.execPath, [path.join(root, 'src/server/start.mjs')], {
      cwd: root,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', BACKDROP_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group: the allocator relaunch makes a second process
    }),
    { group: true },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (code ${code}) before listening: ${seen}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiTiming {
  /** POST /api/jobs → full result fetched. */
  totalMs: number;
  /** POST → the job says its quick preview can be fetched (null: never did). */
  previewMs: number | null;
  /** The job's own stage timings (server side). */
  timings: Record<string, number>;
}

/** One local job through the HTTP API; throws when it does not finish done within `timeoutMs`. */
export async function timeApiJob(
  url: string,
  image: Buffer,
  request: unknown,
  timeoutMs = 120_000,
): Promise<ApiTiming> {
  const started = performance.now();
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'photo.jpg');
  form.append('dialect', 'claid');
  form.append('executor', 'local');
  form.append('request', JSON.stringify(request));
  const created = await fetch(`${url}/api/jobs`, { method: 'POST', body: form });
  const { id } = (await created.json()) as { id?: string };
  if (!id) throw new Error(`POST /api/jobs answered ${created.status}`);
  let previewMs: number | null = null;
  for (;;) {
    const view = (await (await fetch(`${url}/api/jobs/${id}`)).json()) as JobView;
    if (previewMs === null && view.previewAvailable) previewMs = performance.now() - started;
    if (view.status === 'done') {
      const result = await fetch(`${url}/api/jobs/${id}/result`);
      await result.arrayBuffer();
      if (!result.ok) throw new Error(`result of job ${id}: HTTP ${result.status}`);
      return { totalMs: performance.now() - started, previewMs, timings: view.timings };
    }
    if (view.status !== 'queued' && view.status !== 'running') {
      throw new Error(`job ${id} ended ${view.status}: ${view.error?.message ?? ''}`);
    }
    if (performance.now() - started > timeoutMs) throw new Error(`job ${id} still ${view.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
