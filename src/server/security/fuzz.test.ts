/**
 * Fuzz: ≥1000 generated malformed or hostile requests against the real server. Every answer must be a
 * 4xx naming a path/field (or a 202 when the generator happened to build a valid job), never a 5xx,
 * and the server must stay healthy.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePng, startTestServer, type TestServer } from '../testing/harness.ts';

let server: TestServer;
let png: Buffer;

beforeAll(async () => {
  server = await startTestServer({ env: { BACKDROP_MAX_UPLOAD_MB: '1' } });
  png = await samplePng(16, 16);
});
afterAll(() => server.close());

const FIELD_NAMES = ['image', 'imageUrl', 'dialect', 'request', 'executor', 'backgroundImage'];
const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constantFrom(
    '{',
    '{"operations":',
    '[]',
    'null',
    '{"operations":{"background":{"remove":"maybe"}}}',
    '{"background":{"color":[1,2]}}',
    '\u0000\uffff',
  ),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n)),
);
const textValue = fc.oneof(
  fc.constantFrom(
    'claid',
    'deep-image',
    'local',
    '',
    'CLAID',
    'claid ',
    'local\u0000',
    '../../etc/passwd',
    'https://127.0.0.1/x',
    'file:///etc/passwd',
    'http://169.254.169.254/',
  ),
  fc.string({ maxLength: 100 }),
  jsonish,
);
const fileValue = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
  fc.constant(null).map(() => png.subarray(0, 40)),
  fc.constant(null).map(() => png),
  fc.integer({ min: 1_048_577, max: 1_200_000 }).map((n) => Buffer.alloc(n, 1)),
);

interface Part {
  name: string;
  file: boolean;
  value: Buffer;
}
const part = fc.record({
  name: fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 30 })),
  file: fc.boolean(),
  value: fc.oneof(
    textValue.map((t) => Buffer.from(t)),
    fileValue,
  ),
});

function encode(parts: Part[], boundary: string, mangle: number): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const name = p.name.replace(/["\r\n]/g, '_');
    const disposition = p.file ? `form-data; name="${name}"; filename="f.png"` : `form-data; name="${name}"`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      p.value,
      Buffer.from('\r\n'),
    );
  }
  if (mangle !== 1) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  let body = Buffer.concat(chunks);
  if (mangle === 2) body = body.subarray(0, Math.floor(body.length / 2));
  if (mangle === 3) body = Buffer.from(body.toString('latin1').replace(/\r\n\r\n/, '\r\n'), 'latin1');
  return body;
}

const requestArb = fc.record({
  parts: fc.array(part, { maxLength: 7 }),
  contentType: fc.constantFrom(
    'multipart',
    'multipart',
    'multipart',
    'none',
    'json',
    'no-boundary',
    'wrong-boundary',
  ),
  mangle: fc.integer({ min: 0, max: 3 }),
  raw: fc.option(fc.uint8Array({ maxLength: 4096 }), { freq: 5 }),
});

describe('fuzz', () => {
  it('1000+ malformed or hostile job requests → 4xx with a path, never 5xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ parts, contentType, mangle, raw }) => {
        const boundary = 'fuzzBoundary42';
        const body = raw ? Buffer.from(raw) : encode(parts, boundary, mangle);
        const headers: Record<string, string> = {};
        if (contentType === 'multipart')
          headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
        if (contentType === 'json') headers['content-type'] = 'application/json';
        if (contentType === 'no-boundary') headers['content-type'] = 'multipart/form-data';
        if (contentType === 'wrong-boundary') headers['content-type'] = 'multipart/form-data; boundary=other';
        const res = await fetch(`${server.url}/api/jobs`, {
          method: 'POST',
          headers,
          body: new Uint8Array(body),
        });
        const json = (await res.json()) as {
          id?: string;
          error?: { code: string; message: string; path?: string };
        };
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 202) {
          expect(json.id).toMatch(/^[0-9a-f-]{36}$/);
          await fetch(`${server.url}/api/jobs/${json.id}`, { method: 'DELETE' });
          return;
        }
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(json.error?.path, JSON.stringify(json)).toEqual(expect.any(String));
        expect(json.error!.path!.length).toBeGreaterThan(0);
        expect(json.error!.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 1000, seed: 20261121 },
    );
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(statuses.size).toBeGreaterThan(2);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(server.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 300_000);

  it('200 hostile ids and paths on the read/delete routes → 4xx JSON, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('GET', 'DELETE'),
        fc.constantFrom('', '/result', '/input', '/preview'),
        async (id, method, suffix) => {
          const res = await fetch(`${server.url}/api/jobs/${encodeURIComponent(id)}${suffix}`, { method });
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          await res.arrayBuffer();
        },
      ),
      { numRuns: 200, seed: 7 },
    );
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
