/**
 * A third provider, registered by this test and named nowhere else (its two folders:
 * src/recipe/testing/cutout/ and src/server/testing/cutout/), flows through what the server, the request
 * model and the command line do with a dialect: the executor list, a job on its fake API and on the
 * local engine, its key redacted, translation with its loss report and snippets. The editor's half is
 * src/app/third-dialect.test.tsx, the command line's src/cli/third-dialect.test.ts.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snippet, translate, type ExecutorsResponse } from '../recipe/index.ts';
import { registerCutout } from '../recipe/testing/cutout/index.ts';
import { registerCutoutServer, startFakeCutout } from './testing/cutout/index.ts';
import type { FakeServer } from './testing/fake-http.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';

const KEY = 'cutout-canary-5e1d9a7c3b0f2e4d6a8c';
const undo: (() => void)[] = [];
let fake: FakeServer;
let server: TestServer;

beforeAll(async () => {
  undo.push(registerCutout(), registerCutoutServer());
  fake = await startFakeCutout();
  server = await startTestServer({ env: { CUTOUT_API_KEY: KEY, CUTOUT_BASE_URL: fake.url } });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
  for (const step of undo.reverse()) step();
});

describe('a third provider on the server', () => {
  it('is in the executor list, and the local engine runs its dialect too', async () => {
    const body = (await (await fetch(`${server.url}/api/executors`)).json()) as ExecutorsResponse;
    const cutout = body.executors.find((e) => e.id === 'cutout');
    expect(cutout).toMatchObject({ label: 'Cutout', available: true, dialects: ['cutout'], concurrency: 2 });
    expect(body.executors.find((e) => e.id === 'local')?.dialects).toEqual(['claid', 'deep-image', 'cutout']);
  });

  it('runs a job on its API with its key, form fields and result path; the key never comes back', async () => {
    const request = { background: 'transparent', format: 'png' };
    const created = await postJob(
      server.url,
      jobForm({ image: await samplePng(), dialect: 'cutout', executor: 'cutout', request }),
    );
    expect(created.status).toBe(202);
    const view = await waitForJob(server.url, created.body.id!);
    expect(view.status).toBe('done');
    const call = fake.requests.find((r) => r.path === '/v1/cutout')!;
    expect(call.headers['x-api-key']).toBe(KEY);
    expect(JSON.parse(call.fields.options!)).toEqual(request);
    expect(call.files.image?.bytes).toBeGreaterThan(0);
    const result = await fetch(`${server.url}/api/jobs/${created.body.id}/result`);
    expect((await sharp(Buffer.from(await result.arrayBuffer())).metadata()).format).toBe('png');
    expect(JSON.stringify(view)).not.toContain(KEY.slice(8));
    expect(server.logs.join('\n')).not.toContain(KEY.slice(8));
    expect(server.config.secrets()).toContain(KEY);
  });

  it('runs its request on the local engine, and refuses it on another provider', async () => {
    const image = await samplePng(120, 80);
    const local = await postJob(
      server.url,
      jobForm({ image, dialect: 'cutout', executor: 'local', request: { format: 'jpeg', width: 60 } }),
    );
    const view = await waitForJob(server.url, local.body.id!, 60_000);
    expect(view.status).toBe('done');
    const result = Buffer.from(
      await (await fetch(`${server.url}/api/jobs/${local.body.id}/result`)).arrayBuffer(),
    );
    expect(await sharp(result).metadata()).toMatchObject({ format: 'jpeg', width: 60, height: 40 });
    const wrong = await postJob(
      server.url,
      jobForm({ image, dialect: 'cutout', executor: 'claid', request: { format: 'png' } }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.code).toBe('dialect-mismatch');
  });

  it('says which key is missing when none is set', async () => {
    const bare = await startTestServer({ env: { CUTOUT_BASE_URL: fake.url } });
    try {
      const body = (await (await fetch(`${bare.url}/api/executors`)).json()) as ExecutorsResponse;
      expect(body.executors.find((e) => e.id === 'cutout')).toMatchObject({
        available: false,
        reason: 'No CUTOUT_API_KEY is set on the server.',
      });
    } finally {
      await bare.close();
    }
  });
});

describe('a third provider in the request model', () => {
  it('translates to and from it, reporting what it cannot carry', () => {
    const from = translate(
      {
        background: { remove: 'auto', color: '#C5C6FF' },
        width: 900,
        height: 900,
        padding: 40,
        output_format: 'jpeg',
      },
      'deep-image',
      'cutout',
    );
    expect(from.request).toEqual({ background: 'white', width: 900, format: 'jpeg' });
    expect(from.losses.map((l) => [l.path, l.kind])).toEqual([
      ['background.color', 'dropped'],
      ['width', 'dropped'],
      ['padding', 'dropped'],
    ]);
    const back = translate({ background: 'transparent', width: 500 }, 'cutout', 'claid');
    expect(back.request).toMatchObject({
      operations: { background: { remove: { category: 'general' }, color: 'transparent' } },
      output: { format: 'png' },
    });
  });

  it('writes fetch and Python snippets that read its result path', () => {
    const request = { background: 'white', format: 'jpeg' };
    const fetchCode = snippet({ language: 'fetch', target: 'provider', dialect: 'cutout', request });
    expect(fetchCode).toContain(`headers: { "X-Api-Key": apiKey },`);
    expect(fetchCode).toContain(`form.append("options", JSON.stringify(request));`);
    expect(fetchCode).toContain('console.log(answer.result.url);');
    const python = snippet({ language: 'python', target: 'provider', dialect: 'cutout', request });
    expect(python).toContain('API_KEY = os.environ["CUTOUT_API_KEY"]');
    expect(python).toContain('print(response.json()["result"]["url"])');
    const backdrop = snippet({ language: 'curl', target: 'backdrop', dialect: 'cutout', request });
    expect(backdrop).toContain(`--form-string 'dialect=cutout'`);
  });
});
