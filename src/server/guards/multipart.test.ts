/** The busboy-based multipart reader: many files per field, memory vs spill, every limit, cleanup on failure. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '../errors.ts';
import { refusalOf } from '../testing/harness.ts';
import { readMultipart, type FieldRule, type MultipartOptions } from './multipart.ts';

const BOUNDARY = 'testBoundary7';
const TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
const KB = 1024;

type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

function encode(parts: Part[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = p.filename !== undefined ? `; filename="${p.filename}"` : '';
    const type = p.type ? `\r\nContent-Type: ${p.type}` : '';
    chunks.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${file}${type}\r\n\r\n`),
      Buffer.from(p.value),
      Buffer.from('\r\n'),
    );
  }
  if (close) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A body delivered in `chunkSize` pieces; `failAfter` bytes makes the stream error (a client abort). */
function streamOf(body: Buffer, chunkSize = 16 * KB, failAfter?: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (failAfter !== undefined && offset >= failAfter) return controller.error(new Error('aborted'));
      if (offset >= body.length) return controller.close();
      controller.enqueue(new Uint8Array(body.subarray(offset, offset + chunkSize)));
      offset += chunkSize;
    },
  });
}

let tempDir: string;
beforeEach(() => {
  tempDir = mkdtempSync(join(tmpdir(), 'backdrop-multipart-'));
});
afterEach(() => rmSync(tempDir, { recursive: true, force: true }));

const rules: Record<string, FieldRule> = {
  images: { kind: 'file', maxBytes: 200 * KB, maxCount: 300 },
  image: { kind: 'file', maxBytes: 200 * KB, limitSetting: 'BACKDROP_MAX_UPLOAD_MB' },
  note: { kind: 'text', maxBytes: 64 },
};

async function read(body: Buffer, options: Partial<MultipartOptions> = {}, chunkSize?: number) {
  return readMultipart(streamOf(body, chunkSize, options.declaredBytes), TYPE, rules, {
    tempDir,
    ...options,
  });
}

const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('readMultipart', () => {
  it('takes 250 files under one name, small ones in memory, large ones spilled, in order', async () => {
    const parts: Part[] = [{ name: 'note', value: 'hello' }];
    for (let i = 0; i < 250; i++) {
      const size = i % 50 === 0 ? 150 * KB : 2 * KB + i;
      parts.push({ name: 'images', filename: `p${i}.png`, type: 'image/png', value: bytes(size, i % 256) });
    }
    const form = await read(encode(parts), { spillBytes: 100 * KB });
    const files = form.files('images');
    expect(files).toHaveLength(250);
    expect(form.text('note')).toBe('hello');
    for (const [i, file] of files.entries()) {
      expect(file).toMatchObject({
        field: 'images',
        index: i,
        filename: `p${i}.png`,
        declaredType: 'image/png',
      });
      const data = file.data ?? readFileSync(file.path!);
      expect(data.length).toBe(file.bytes);
      expect(data.every((b) => b === i % 256)).toBe(true);
      expect(file.path !== undefined).toBe(i % 50 === 0);
    }
    expect(readdirSync(tempDir)).toHaveLength(5);
    await form.dispose();
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('spills every further file once the memory budget is used', async () => {
    const parts: Part[] = Array.from({ length: 10 }, (_, i) => ({
      name: 'images',
      filename: `m${i}.png`,
      value: bytes(40 * KB, 1),
    }));
    const form = await read(encode(parts), { spillBytes: 100 * KB, memoryBytes: 100 * KB });
    const inMemory = form.files('images').filter((f) => f.data);
    expect(inMemory).toHaveLength(2);
    expect(form.tempPaths).toHaveLength(8);
    await form.dispose();
  });

  it('names the file, its position and the limit when a file is too large, and leaves no temp file', async () => {
    const parts: Part[] = [
      { name: 'images', filename: 'ok.png', value: bytes(150 * KB, 1) },
      { name: 'images', filename: 'huge.tif', value: bytes(300 * KB, 2) },
    ];
    const error = await refusalOf(read(encode(parts), { spillBytes: 10 * KB }));
    expect(error.status).toBe(413);
    expect(error.body).toMatchObject({ code: 'file-too-large', path: 'images[1]' });
    expect(error.body.message).toContain('"huge.tif"');
    expect(error.body.message).toContain('200 KB');
    expect(readdirSync(tempDir)).toEqual([]);
    const single = await refusalOf(
      read(encode([{ name: 'image', filename: 'a.png', value: bytes(201 * KB, 0) }])),
    );
    expect(single.body.path).toBe('image');
    expect(single.body.message).toMatch(/BACKDROP_MAX_UPLOAD_MB.*Downscale or compress/);
  });

  it('refuses more files than the field takes, and a second value of a single field', async () => {
    const many = Array.from({ length: 301 }, (_, i) => ({
      name: 'images',
      filename: `${i}.png`,
      value: 'x',
    }));
    const error = await refusalOf(read(encode(many)));
    expect(error.body).toMatchObject({ code: 'too-many-files', path: 'images' });
    expect(error.body.message).toMatch(/at most 300 files.*another request/);
    const twice = await refusalOf(
      read(
        encode([
          { name: 'image', filename: 'a.png', value: 'a' },
          { name: 'image', filename: 'b.png', value: 'b' },
        ]),
      ),
    );
    expect(twice.body).toMatchObject({ code: 'duplicate-field', path: 'image' });
  });

  it('enforces the total-bytes cap, naming the part it stopped in', async () => {
    const parts = Array.from({ length: 8 }, (_, i) => ({
      name: 'images',
      filename: `t${i}.png`,
      value: bytes(100 * KB, 3),
    }));
    const error = await refusalOf(read(encode(parts), { maxTotalBytes: 500 * KB, spillBytes: 10 * KB }));
    expect(error.status).toBe(413);
    expect(error.body.code).toBe('body-too-large');
    expect(error.body.path).toMatch(/^images\[\d\]$/);
    expect(error.body.message).toMatch(/500 KB per request while reading images\[\d\] \("t\d\.png"\)/);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('text fields: kind, size and unknown names are refused with the field named', async () => {
    const big = await refusalOf(read(encode([{ name: 'note', value: 'x'.repeat(65) }])));
    expect(big.body).toMatchObject({ code: 'field-too-large', path: 'note' });
    const asFile = await refusalOf(read(encode([{ name: 'note', filename: 'n.txt', value: 'x' }])));
    expect(asFile.body).toMatchObject({ code: 'expected-text', path: 'note' });
    const asText = await refusalOf(read(encode([{ name: 'image', value: 'x' }])));
    expect(asText.body).toMatchObject({ code: 'expected-file', path: 'image' });
    const unknown = await refusalOf(read(encode([{ name: 'apiKey', value: 'x' }])));
    expect(unknown.body).toMatchObject({ code: 'unknown-field', path: 'apiKey' });
    expect(unknown.body.message).toContain('Expected: images, image, note');
  });

  it('a body without its closing boundary, and a broken header, are bad-multipart', async () => {
    const cut = await refusalOf(
      read(encode([{ name: 'images', filename: 'a.png', value: bytes(50 * KB, 1) }], false)),
    );
    expect(cut.body.code).toBe('bad-multipart');
    expect(cut.body.message).toMatch(/ended early/);
    const header = Buffer.from(`--${BOUNDARY}\r\n${'X'.repeat(20 * KB)}\r\n\r\nx\r\n--${BOUNDARY}--\r\n`);
    expect((await refusalOf(read(header))).body.code).toBe('bad-multipart');
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('a client abort mid-file removes every temp file written so far', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => ({
      name: 'images',
      filename: `a${i}.png`,
      value: bytes(150 * KB, 4),
    }));
    const body = encode(parts);
    for (const at of [10 * KB, 160 * KB, 400 * KB, body.length - 100]) {
      const error = await refusalOf(
        readMultipart(streamOf(body, 8 * KB, at), TYPE, rules, { tempDir, spillBytes: 20 * KB }),
      );
      expect(error.body.code).toBe('bad-upload');
      expect(error.body.message).toMatch(/cut off.*Send it again/);
      expect(readdirSync(tempDir)).toEqual([]);
    }
  });

  it('onFile sees each file as it completes, and its refusal stops the upload', async () => {
    const seen: string[] = [];
    const parts = Array.from({ length: 5 }, (_, i) => ({
      name: 'images',
      filename: `c${i}.png`,
      value: 'x',
    }));
    const form = await read(encode(parts), { onFile: (f) => void seen.push(f.filename) });
    expect(seen).toEqual(['c0.png', 'c1.png', 'c2.png', 'c3.png', 'c4.png']);
    await form.dispose();
    const stop = await refusalOf(
      read(encode(parts), {
        onFile: (f) => {
          if (f.index === 2)
            throw new HttpError(415, { code: 'unsupported-image-type', message: 'no', path: 'images[2]' });
        },
      }),
    );
    expect(stop.body.path).toBe('images[2]');
  });

  it('refuses a non-multipart content type with 415', async () => {
    const error = await refusalOf(
      readMultipart(streamOf(Buffer.from('{}')), 'application/json', rules, { tempDir }),
    );
    expect(error.status).toBe(415);
    expect(error.body.code).toBe('not-multipart');
  });
});
