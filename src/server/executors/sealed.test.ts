/** sealExecutor: whatever an executor hands out — callbacks, result, error — leaves without a secret. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../errors.ts';
import { MIN_PIECE, Redactor } from '../redaction.ts';
import { fakeResult } from '../testing/fake-http.ts';
import { mapClaidError } from './claid/errors.ts';
import { mapDeepImageError } from './deep-image/errors.ts';
import type { ProviderResponse } from './provider-http.ts';
import { sealExecutor } from './sealed.ts';
import type { Executor, ExecutorResult, JobContext } from './types.ts';

const KEY = 'canary-KEY-0123456789abcdefghijklmnop';
const redactor = new Redactor([KEY]);
const dir = mkdtempSync(join(tmpdir(), 'backdrop-sealed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function executorDoing(run: (ctx: JobContext) => Promise<ExecutorResult>): Executor {
  return {
    id: 'claid',
    label: 'Claid',
    dialects: ['claid'],
    inputTypes: ['image/png'],
    cannotTake: () => 'this test executor takes PNG only',
    unavailableReason: () => null,
    concurrency: () => 1,
    run,
  };
}

function recordingContext() {
  const out: unknown[] = [];
  const ctx: JobContext = {
    id: 'job',
    dialect: 'claid',
    request: {},
    signal: new AbortController().signal,
    wantsPreview: true,
    interactive: true,
    tempPath: () => join(dir, `t-${out.length}`),
    progress: (stage) => out.push(stage),
    warn: (warning) => out.push(warning),
    provider: (info) => out.push(info),
    preview: async (result) => void out.push(result),
  };
  return { ctx, out };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const noPiece = (text: string) => {
  for (let i = 0; i + MIN_PIECE <= KEY.length; i++) expect(text).not.toContain(KEY.slice(i, i + MIN_PIECE));
};

describe('sealExecutor', () => {
  it('redacts warnings, provider info and stages as they are handed out', async () => {
    const { ctx, out } = recordingContext();
    const sealed = sealExecutor(
      executorDoing(async (c) => {
        c.progress(`stage ${KEY}`, 0.1);
        c.warn({ path: `operations.${KEY}`, message: `echo ${KEY}` });
        c.provider({ providerRequestId: KEY, credits: { note: `for ${KEY}` } });
        throw new HttpError(
          502,
          {
            code: KEY,
            message: `m ${KEY}`,
            path: `a.${KEY}`,
            requestId: KEY.slice(0, 20),
            executor: 'claid',
          },
          30,
        );
      }),
      redactor,
    );
    const error = await caught(sealed.run(ctx));
    expect(error).toBeInstanceOf(HttpError);
    const http = error as HttpError;
    expect(http.status).toBe(502);
    expect(http.retryAfter).toBe(30);
    expect(http.body.path).toBe('a.[redacted]');
    expect(http.body.executor).toBe('claid');
    noPiece(JSON.stringify([out, http.body]));
    expect(out).toHaveLength(3);
  });

  it('a plain Error comes out with its message redacted', async () => {
    const { ctx } = recordingContext();
    const error = await caught(
      sealExecutor(
        executorDoing(async () => {
          throw new TypeError(`fetch failed for ${KEY}`);
        }),
        redactor,
      ).run(ctx),
    );
    expect((error as Error).message).toBe('fetch failed for [redacted]');
  });

  it('a result whose metadata carries the key is re-encoded without it (in memory and on disk)', async () => {
    for (const [format, onDisk] of [
      ['jpeg', false],
      ['png', true],
    ] as const) {
      const echoed = await fakeResult(undefined, format, false, KEY);
      expect(echoed.data.includes(Buffer.from(KEY))).toBe(true);
      const path = join(dir, `echo.${format}`);
      if (onDisk) writeFileSync(path, echoed.data);
      const { ctx, out } = recordingContext();
      const result = await sealExecutor(
        executorDoing(async () => ({
          ...(onDisk ? { path } : { data: echoed.data }),
          bytes: echoed.data.length,
          mime: `image/${format}`,
          format,
          width: echoed.width,
          height: echoed.height,
        })),
        redactor,
      ).run(ctx);
      expect(result.data!.includes(Buffer.from(KEY))).toBe(false);
      expect(result.path).toBeUndefined();
      expect(result.bytes).toBe(result.data!.length);
      expect(await sharp(result.data!).metadata()).toMatchObject({ format, width: 64, height: 48 });
      expect(JSON.stringify(out)).toContain('re-encoded without metadata');
    }
  });

  it('a clean result passes unchanged (same bytes, same file)', async () => {
    const clean = await fakeResult(undefined, 'png', false);
    const path = join(dir, 'clean.png');
    writeFileSync(path, clean.data);
    const { ctx, out } = recordingContext();
    const result = await sealExecutor(
      executorDoing(async () => ({
        path,
        bytes: clean.data.length,
        mime: 'image/png',
        format: 'png',
        width: 64,
        height: 48,
      })),
      redactor,
    ).run(ctx);
    expect(result.path).toBe(path);
    expect(readFileSync(path).equals(clean.data)).toBe(true);
    expect(out).toEqual([]);
  });
});

describe('provider error messages, sealed, carry no piece of a key', () => {
  /** A non-JSON error body whose echoed key straddles the 80-character cut of the quoted snippet. */
  const garbage = (status: number): ProviderResponse => ({
    status,
    headers: new Headers(),
    text: `${'x'.repeat(70)} ${KEY} trailing`,
    json: undefined,
  });
  for (const [name, map] of [
    ['claid', (r: ProviderResponse) => mapClaidError(r)],
    ['deep-image', (r: ProviderResponse) => mapDeepImageError(r)],
  ] as const) {
    it(`${name}: a key echoed across the snippet's cut`, async () => {
      for (const status of [400, 502]) {
        const { ctx } = recordingContext();
        const error = (await caught(
          sealExecutor(
            executorDoing(async () => {
              throw new HttpError(502, map(garbage(status)));
            }),
            redactor,
          ).run(ctx),
        )) as HttpError;
        expect(error.body.message).toContain('non-JSON');
        noPiece(error.body.message);
      }
    });
  }
});
