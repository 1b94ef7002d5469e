/** Hostile and broken uploads: refused fast with the limit and the actual value named, memory bounded. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobForm, postJob, samplePng, startTestServer, type TestServer } from '../testing/harness.ts';
import { bombPng } from '../testing/images.ts';

let server: TestServer;
const request = { operations: { background: { remove: true, color: '#FFFFFF' } } };
const send = (image: Buffer, name = 'photo.png') =>
  postJob(server.url, jobForm({ image, imageName: name, dialect: 'claid', executor: 'local', request }));

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('bad uploads', () => {
  it('a PNG declaring 30000×30000 is refused from its header, naming the limit and the size', async () => {
    const before = process.memoryUsage().rss;
    const res = await send(bombPng(30000, 30000));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'too-many-pixels', path: 'image' });
    expect(res.body.error!.message).toContain('30000×30000 (900 MP)');
    expect(res.body.error!.message).toContain('50 MP');
    // A decode would need 2.7 GB; the header check needs nothing.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('not an image', async () => {
    const res = await send(Buffer.from('%PDF-1.7 this is a document'), 'photo.png');
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported-image-type', path: 'image' });
    expect(res.body.error!.message).toMatch(/PDF document.*Accepted types: JPEG, PNG/);
    const bmp = await send(Buffer.concat([Buffer.from('BM'), Buffer.alloc(100)]));
    expect(bmp.body.error!.message).toMatch(/BMP/);
  });

  it('a truncated JPEG and a truncated PNG', async () => {
    const jpeg = await sharp(await samplePng(400, 300))
      .jpeg()
      .toBuffer();
    const cut = await send(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg');
    expect(cut.status).toBe(422);
    expect(cut.body.error).toMatchObject({ code: 'truncated-image', path: 'image' });
    const png = await samplePng(400, 300);
    const cutPng = await send(png.subarray(0, png.length - 20));
    expect(cutPng.body.error?.code).toBe('truncated-image');
  });

  it('an empty file', async () => {
    const res = await send(Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'empty-image', path: 'image' });
  });

  it('a file over the 25 MB limit names the limit', async () => {
    const big = Buffer.alloc(26 * 1024 * 1024, 7);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const res = await send(big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'file-too-large', path: 'image' });
    expect(res.body.error!.message).toMatch(/25 MB/);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('a declared body far over the limit is refused before reading', async () => {
    const res = await fetch(`${server.url}/api/jobs`, {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(200 * 1024 * 1024),
      },
      body: '--x--',
    }).catch((error: unknown) => error as Error);
    // Either the 413 arrives or the client notices the mismatch; the server must stay up either way.
    if (res instanceof Response) expect(res.status).toBe(413);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('accepts JPEG, WebP, GIF, TIFF and AVIF sniffed from bytes (not the name)', async () => {
    const base = sharp(await samplePng(32, 24));
    const files = {
      jpeg: await base.clone().jpeg().toBuffer(),
      webp: await base.clone().webp().toBuffer(),
      gif: await base.clone().gif().toBuffer(),
      tiff: await base.clone().tiff().toBuffer(),
      avif: await base.clone().avif().toBuffer(),
    };
    for (const [format, data] of Object.entries(files)) {
      const res = await send(data, 'wrong-name.txt');
      expect(res.status, format).toBe(202);
      const view = (await (await fetch(`${server.url}/api/jobs/${res.body.id}`)).json()) as {
        input: { type: string; width: number };
      };
      expect(view.input).toMatchObject({ type: `image/${format}`, width: 32 });
      await fetch(`${server.url}/api/jobs/${res.body.id}`, { method: 'DELETE' });
    }
  });
});
