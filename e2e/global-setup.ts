/**
 * Starts what the e2e specs run against: the fake Claid and Deep-Image servers (src/server/testing)
 * and the real BFF (`node src/server/start.mjs`, as `npm start` runs it) serving dist/app, configured
 * with canary keys. Returns the teardown. Every process is ours and is stopped by its process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  startFakeClaid,
  startFakeDeepImage,
  type FakeServer,
  type ScriptStep,
} from '../src/server/testing/index.ts';
import {
  CANARY_CLAID_KEY,
  CANARY_DEEP_IMAGE_KEY,
  HARNESS_STATE_FILE,
  type HarnessState,
} from './fixtures/env.ts';

const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.E2E_PORT ?? 4391);
const baseURL = `http://127.0.0.1:${port}`;

type Closer = () => Promise<void> | void;

interface Fakes {
  claid: string;
  deepImage: string;
  control: string;
  close: Closer[];
}

/**
 * The specs run in other processes than this one, so the fakes' script() is reachable through a tiny
 * control server on loopback: POST /<claid|deep-image>/script with a JSON array of steps, POST
 * /<...>/reset.
 */
function startControl(fakes: Record<string, FakeServer>): Promise<{ url: string; close: Closer }> {
  const server = createServer(async (req, res) => {
    const [, provider, action] = (req.url ?? '').split('/');
    const fake = fakes[provider ?? ''];
    if (!fake || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (action === 'script')
      fake.script(...(JSON.parse(Buffer.concat(chunks).toString() || '[]') as ScriptStep[]));
    else if (action === 'reset') fake.reset();
    else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(204).end();
  });
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      ready({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}

async function startFakes(): Promise<Fakes> {
  const claid = await startFakeClaid();
  const deepImage = await startFakeDeepImage();
  const control = await startControl({ claid, 'deep-image': deepImage });
  return {
    claid: claid.url,
    deepImage: deepImage.url,
    control: control.url,
    close: [() => claid.close(), () => deepImage.close(), control.close],
  };
}

async function waitForHealth(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The server exited early (code ${child.exitCode}); see its log.`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not answer ${url} within ${timeoutMs / 1000} s.`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      done();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      done();
    }
  });
}

/** Another server on our port would silently answer for ours; refuse instead. */
async function assertPortFree(): Promise<void> {
  const answered = await fetch(baseURL, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (answered) {
    throw new Error(
      `Something already listens on ${baseURL}. Stop it, or run the e2e tests with E2E_PORT=<free port>.`,
    );
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  await assertPortFree();
  mkdirSync(join(root, 'test-results', 'screens'), { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'backdrop-e2e-'));
  // Jobs start from an empty store each run, but the model cache (hundreds of MB, assembled and widened
  // to fp32 once) is the repo's: the engine writes it by write-then-rename, so sharing it is safe.
  const modelCache = join(root, '.data', 'models');
  mkdirSync(modelCache, { recursive: true });
  symlinkSync(modelCache, join(dataDir, 'models'), 'dir');
  const serverLog = join(dataDir, 'server.log');
  const fakes = await startFakes();

  const serverEntry = join(root, 'src/server/start.mjs'); // what `npm start` runs
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    BACKDROP_DATA_DIR: dataDir,
    CLAID_API_KEY: CANARY_CLAID_KEY,
    DEEP_IMAGE_API_KEY: CANARY_DEEP_IMAGE_KEY,
    BACKDROP_FETCH_ALLOW_HOSTS: '127.0.0.1',
    // Small enough that the "oversize file" spec stays quick; the app must read it from the server.
    BACKDROP_MAX_UPLOAD_MB: '6',
    BACKDROP_POLL_INTERVAL_MS: '150',
    BACKDROP_PROVIDER_RETRIES: '1',
    CLAID_BASE_URL: fakes.claid,
    DEEP_IMAGE_BASE_URL: fakes.deepImage,
  };
  const log = openSync(serverLog, 'w');
  const server = spawn(process.execPath, [serverEntry], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
    detached: true,
  });

  const state: HarnessState = {
    baseURL,
    serverLog,
    dataDir,
    fakes: { claid: fakes.claid, deepImage: fakes.deepImage, control: fakes.control },
  };
  writeFileSync(HARNESS_STATE_FILE, JSON.stringify(state, null, 2));
  try {
    await waitForHealth(server, `${baseURL}/api/health`, 90_000);
  } catch (error) {
    await stop(server);
    throw error;
  }

  return async () => {
    await stop(server);
    for (const close of fakes.close) await close();
    // Keep the log of a failed run where a developer finds it; the data folder itself goes.
    try {
      mkdirSync(join(root, 'test-results'), { recursive: true });
      copyFileSync(serverLog, join(root, 'test-results', `server-${port}.log`));
    } catch {
      // another Playwright run may be emptying test-results right now; the log is a courtesy
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(HARNESS_STATE_FILE, { force: true });
  };
}
