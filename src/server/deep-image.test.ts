/** The Deep-Image adapter end to end: real BFF on loopback → fake Deep-Image. One test per documented path. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CANARY_DEEP,
  jobForm,
  postJob,
  samplePng,
  startAssetServer,
  startTestServer,
  waitFor,
  waitForJob,
  type TestServer,
} from './testing/harness.ts';

let server: TestServer;
let image: Buffer;
const removeToWhite = { background: { remove: 'auto', color: '#FFFFFF' }, output_format: 'jpeg' };

beforeAll(async () => {
  server = await startTestServer();
  image = await samplePng();
});
afterAll(() => server.close());
beforeEach(() => server.deepImage.reset());

async function run(request: unknown = removeToWhite) {
  const created = await postJob(
    server.url,
    jobForm({ image, dialect: 'deep-image', executor: 'deep-image', request }),
  );
  expect(created.status).toBe(202);
  return waitForJob(server.url, created.body.id!);
}
const processCalls = () => server.deepImage.requests.filter((r) => r.path === '/rest_api/process_result');

describe('deep-image executor', () => {
  it('sends fileName + parameters with x-api-key and stores the result', async () => {
    const view = await run({ ...removeToWhite, url: 'https://example.com/ignored.png' });
    expect(view.status).toBe('done');
    const call = processCalls()[0]!;
    expect(call.headers['x-api-key']).toBe(CANARY_DEEP);
    expect(call.headers.authorization).toBeUndefined();
    expect(call.files.fileName?.bytes).toBe(image.length);
    const parameters = JSON.parse(call.fields.parameters!);
    expect(parameters).not.toHaveProperty('url');
    expect(parameters.background).toEqual({ remove: 'auto', color: '#FFFFFF' });
    expect(view.providerRequestId).toBeTruthy();
    expect(view.output).toMatchObject({ type: 'image/jpeg', width: 64, height: 48 });
  });

  it('forces PNG for transparency when no output_format is set', async () => {
    const view = await run({ background: { remove: 'auto', color: 'transparent' } });
    expect(view.status).toBe('done');
    expect(JSON.parse(processCalls()[0]!.fields.parameters!).output_format).toBe('png');
    expect(view.warnings.some((w) => w.path === 'output_format')).toBe(true);
    expect(view.output?.type).toBe('image/png');
  });

  it('polls rest_api/result/{job} when process_result returns no result_url', async () => {
    server.deepImage.script({ kind: 'async', polls: 3 });
    const view = await run();
    expect(view.status).toBe('done');
    const polls = server.deepImage.requests.filter((r) => r.path.startsWith('/rest_api/result/'));
    expect(polls.length).toBe(4);
    expect(view.timings.polling).toBeGreaterThan(0);
  });

  it('gives up on a job that never completes after the poll timeout', async () => {
    server.deepImage.script({ kind: 'async', polls: Infinity });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'provider-timeout', executor: 'deep-image' });
    expect(view.error!.message).toMatch(/did not complete within 2 s/);
  });

  it('stops polling on a failed job', async () => {
    server.deepImage.script({ kind: 'async-failed', polls: 1 });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'provider-failed' });
    expect(server.deepImage.requests.filter((r) => r.path.startsWith('/rest_api/result/')).length).toBe(2);
  });

  const cases: [string, number, unknown, string, RegExp][] = [
    [
      '404 No user found',
      404,
      { message: 'No user found for provided token' },
      'invalid-key',
      /DEEP_IMAGE_API_KEY/,
    ],
    [
      'NOT_ENOUGH_CREDITS',
      400,
      { message: 'Not enough credits', code: 'NOT_ENOUGH_CREDITS' },
      'no-credits',
      /out of credits/,
    ],
    [
      '400 bad request',
      400,
      { message: 'Invalid fit value', code: 'BAD_REQUEST' },
      'invalid-request',
      /Invalid fit value/,
    ],
    ['403', 403, { message: 'Forbidden' }, 'forbidden', /quota/],
    [
      '500 failed',
      500,
      { message: 'Processing failed', status: 'failed', job: 'j-1' },
      'provider-failed',
      /failed/,
    ],
  ];
  for (const [name, status, body, code, message] of cases) {
    it(`maps ${name} to ${code}`, async () => {
      server.deepImage.script({ kind: 'error', status, body });
      const view = await run();
      expect(view.status).toBe('failed');
      expect(view.error).toMatchObject({ code, executor: 'deep-image' });
      expect(view.error!.message).toMatch(message);
      if (code === 'no-credits') expect(view.credits).toMatchObject({ remaining: 0 });
    });
  }

  it('does not retry a 500 with status failed, but retries a plain 500', async () => {
    server.deepImage.script({ kind: 'error', status: 500, body: { message: 'upstream hiccup' } });
    const view = await run();
    expect(view.status).toBe('done');
    expect(processCalls()).toHaveLength(2);
  });

  it('retries 429 (concurrency) with backoff, then succeeds', async () => {
    server.deepImage.script({
      kind: 'error',
      status: 429,
      body: { message: 'Too many requests', code: 'TOO_MANY_REQUESTS' },
    });
    const view = await run();
    expect(view.status).toBe('done');
    expect(processCalls()).toHaveLength(2);
  });

  it('handles garbage bodies', async () => {
    server.deepImage.script(
      { kind: 'raw', status: 502, text: '<html>Bad gateway</html>' },
      { kind: 'raw', status: 502, text: 'x' },
      { kind: 'raw', status: 502, text: 'x' },
      { kind: 'raw', status: 502, text: 'x' },
    );
    const view = await run();
    expect(view.error).toMatchObject({ code: 'deep-image-unavailable' });
    expect(view.error!.message).toMatch(/non-JSON/);
  });

  it('times out a hanging process_result', async () => {
    server.deepImage.script({ kind: 'hang' });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'provider-timeout' });
  });

  it('reports an expired result_url', async () => {
    server.deepImage.script({ kind: 'expired-result' });
    const view = await run();
    expect(view.error).toMatchObject({ code: 'result-download-failed' });
  });

  it('cancelling while polling aborts and tells Deep-Image to drop the job', async () => {
    server.deepImage.script({ kind: 'async', polls: Infinity });
    const created = await postJob(
      server.url,
      jobForm({ image, dialect: 'deep-image', executor: 'deep-image', request: removeToWhite }),
    );
    const id = created.body.id!;
    await waitFor(() => server.deepImage.requests.some((r) => r.path.startsWith('/rest_api/result/')));
    const job = (await (await fetch(`${server.url}/api/jobs/${id}`)).json()) as {
      providerRequestId: string;
      stage: string;
    };
    expect(job.stage).toBe('polling');
    await fetch(`${server.url}/api/jobs/${id}`, { method: 'DELETE' });
    expect((await waitForJob(server.url, id)).status).toBe('cancelled');
    await waitFor(() => server.deepImage.deleted.includes(job.providerRequestId));
  });

  it('sends an imageUrl as JSON `url`, and keeps a copy for the "before" view', async () => {
    const assets = await startAssetServer({ '/bottle.png': { type: 'image/png', body: image } });
    try {
      const photoUrl = `${assets.origin}/bottle.png`;
      const form = jobForm({
        imageUrl: photoUrl,
        dialect: 'deep-image',
        executor: 'deep-image',
        request: removeToWhite,
      });
      const created = await postJob(server.url, form);
      expect(created.status).toBe(202);
      const view = await waitForJob(server.url, created.body.id!);
      expect(view.status).toBe('done');
      expect((processCalls()[0]!.json as { url: string }).url).toBe(photoUrl);
      expect(view.input).toMatchObject({ type: 'image/png', width: 64, height: 48 });
      const input = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/input`)).arrayBuffer());
      expect(input.equals(image)).toBe(true);
    } finally {
      await assets.close();
    }
  });
});
