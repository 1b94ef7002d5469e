/**
 * Upload abuse against the real server process (`node src/server/start.mjs`, as `npm start` runs it):
 * 30 chunked (no Content-Length) and 30 sized uploads over the 25 MB limit (26–100 MB), about half of
 * them aborted by the client at a random point. After each the server answers /api/health, and once the
 * upload is over no temp file is left. A chunked upload once crashed the process (ERR_STREAM_DESTROYED
 * on the spill file), so this runs the real process, not an in-process app.
 */
import http from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../engine/render/studio.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

const MB = 1024 * 1024;
const BOUNDARY = 'abuseBoundary19';
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({ BACKDROP_MAX_UPLOAD_MB: '25' });
});
afterAll(() => server?.close());

const head = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="dialect"\r\n\r\nclaid\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="executor"\r\n\r\nlocal\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="huge.png"\r\n` +
    `Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n`,
  'latin1',
);
const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
const block = Buffer.alloc(MB, 0x5a);

interface Outcome {
  status?: number;
  code?: string;
  /** The client saw the connection end (its own abort, or the server closing after refusing). */
  ended?: string;
}

/** Sends one upload of `fileBytes`; aborts after `abortAt` bytes if given. Resolves, never rejects. */
function upload(fileBytes: number, chunked: boolean, abortAt?: number): Promise<Outcome> {
  const total = head.length + fileBytes + tail.length;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = http.request(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        ...(chunked ? {} : { 'content-length': String(total) }),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => done({ status: res.statusCode ?? 0, ended: 'response cut' }));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(Buffer.concat(chunks).toString()) as { error?: { code: string } }).error?.code;
        } catch {
          code = undefined;
        }
        done({ status: res.statusCode ?? 0, ...(code ? { code } : {}) });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => done({ ended: error.code ?? error.message }));
    void (async () => {
      let sent = 0;
      const send = async (data: Buffer) => {
        if (req.destroyed) return;
        if (abortAt !== undefined && sent + data.length >= abortAt) {
          req.write(data.subarray(0, Math.max(0, abortAt - sent)));
          req.destroy();
          done({ ended: 'client abort' });
          return;
        }
        sent += data.length;
        if (!req.write(data)) await drainOrClose(req);
      };
      await send(head);
      for (let left = fileBytes; left > 0 && !req.destroyed; left -= block.length)
        await send(left >= block.length ? block : block.subarray(0, left));
      await send(tail);
      if (!req.destroyed) req.end();
    })();
  });
}

function drainOrClose(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const go = () => {
      req.off('drain', go);
      req.off('close', go);
      resolve();
    };
    req.on('drain', go);
    req.on('close', go);
  });
}

async function tempFiles(): Promise<string[]> {
  const dir = join(server.dataDir, 'jobs', 'tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The refusal is reached by the server in its own time after a client abort; wait for it, bounded. */
async function noTempFilesLeft(): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  let left = await tempFiles();
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = await tempFiles();
  }
  return left;
}

describe('upload abuse on the real server process', () => {
  it('60 oversized uploads (30 chunked, 30 sized, about half aborted) never take it down or leak a temp file', async () => {
    const next = seededRandom(20260509);
    const seen = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const chunked = i % 2 === 0;
      const fileBytes = Math.round((26 + next() * 74) * MB);
      const abortAt = next() < 0.5 ? Math.round(next() * (fileBytes + head.length)) : undefined;
      const outcome = await upload(fileBytes, chunked, abortAt);
      const label = `#${i} ${chunked ? 'chunked' : 'sized'} ${(fileBytes / MB).toFixed(1)} MB${abortAt !== undefined ? ` abort@${(abortAt / MB).toFixed(1)} MB` : ''}`;
      if (outcome.status !== undefined) {
        // Whatever the server answered is a refusal naming the limit, never a server error.
        expect(outcome.status, label).toBe(413);
        expect(['file-too-large', 'body-too-large'], label).toContain(outcome.code);
      } else {
        expect(outcome.ended, label).toBeDefined();
      }
      const key = outcome.code ?? outcome.ended ?? 'none';
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status, label).toBe(200);
      expect(await noTempFilesLeft(), label).toEqual([]);
    }
    expect(server.alive()).toBe(true);
    // Both refusal paths were exercised, and clients really did abort mid-upload.
    expect(seen.get('file-too-large') ?? 0).toBeGreaterThan(0);
    expect(seen.get('body-too-large') ?? 0).toBeGreaterThan(0);
    expect(seen.get('client abort') ?? 0).toBeGreaterThan(10);
    expect(server.output()).not.toMatch(/uncaught exception|unhandled rejection|ERR_STREAM_DESTROYED/);
  }, 240_000);
});
