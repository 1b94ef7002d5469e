/**
 * Polling must not look like abuse, and monitors must never be refused: /api/health is outside the rate
 * limit, and a long-poll (`?wait=`) answers once per visible change of the job — a queued job whose
 * place does not move costs one request per wait, not one per second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../recipe/index.ts';
import { gatedExecutor } from '../testing/gated-executor.ts';
import {
  jobForm,
  postJob,
  samplePng,
  startTestServer,
  waitFor,
  type TestServer,
} from '../testing/harness.ts';

let server: TestServer;
let gate: ReturnType<typeof gatedExecutor>;
const request = { operations: { background: { remove: true, color: '#FFFFFF' } } };

beforeAll(async () => {
  const image = await samplePng();
  gate = gatedExecutor({ data: image, width: 64, height: 48 });
  server = await startTestServer({
    executors: () => [gate.executor],
    env: { BACKDROP_RATE_LIMIT_PER_MINUTE: '12' },
  });
});
afterAll(() => server.close());

const view = async (path: string) => (await (await fetch(`${server.url}${path}`)).json()) as JobView;

describe('polling and health under the per-client limit', () => {
  it('a long-poll on a queued job answers at its next change, not every second; health stays open', async () => {
    const image = await samplePng();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await postJob(server.url, jobForm({ image, dialect: 'claid', executor: 'local', request }))).body
          .id!,
      );
    await waitFor(() => gate.started.length === 1);
    // Nothing changes for the third job within the wait: one answer, at the deadline (the server
    // re-checked the queue every second itself).
    const started = Date.now();
    const unchanged = await view(`/api/jobs/${ids[2]}?wait=2500`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
    expect([unchanged.status, unchanged.queuePosition]).toEqual(['queued', 2]);
    // The job ahead finishes: the waiting long-poll answers with the new place.
    const moved = view(`/api/jobs/${ids[2]}?wait=20000`);
    await new Promise((r) => setTimeout(r, 100));
    gate.release();
    expect([(await moved).status, (await moved).queuePosition]).toEqual(['queued', 1]);
    // 3 POSTs + 2 long-polls so far; spend the rest of the budget of 12 and go over it.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await fetch(`${server.url}/api/jobs/${ids[1]}`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    for (let i = 0; i < 30; i++) expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    gate.auto();
    await waitFor(() => gate.started.length === 3);
  });
});
