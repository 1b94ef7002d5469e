/**
 * Local mode of `backdrop batch`: the server's own services and API, in this process, with a temporary
 * job store. Requests go straight to the app's fetch handler (no port is opened), so the command runs
 * every item through exactly the path the server uses (validation, the job queue, the local executor,
 * batch names and manifests), and the client code is the same as against a remote server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createServices } from '../../server/services.ts';
import type { Fetch } from './client.ts';

export interface LocalServer {
  base: string;
  fetch: Fetch;
  close(): Promise<void>;
}

/** Starts the in-process API; `concurrency` local jobs run at once. */
export async function startLocalServer(concurrency: number): Promise<LocalServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'backdrop-batch-'));
  const config = loadConfig(
    {
      ...process.env,
      // The store is this run's scratch space (the model cache stays where the engine keeps it).
      BACKDROP_DATA_DIR: dataDir,
      BACKDROP_LOCAL_CONCURRENCY: String(concurrency),
      BACKDROP_RATE_LIMIT_PER_MINUTE: '1000000',
      BACKDROP_JOBS_PER_MINUTE: '1000000',
      BACKDROP_ACCESS_TOKEN: '',
      HOST: '127.0.0.1',
    },
    { envFile: null, cores: availableParallelism() },
  );
  // Quiet: the command prints its own progress; a failed item's reason reaches the manifest.
  const services = await createServices(config, { log: () => {} });
  const app = createApp(config, services);
  // Addressed as the server's own loopback name: the app answers only for its own Host (DNS-rebinding
  // guard), and an in-process Request carries no Host of its own.
  const base = `http://127.0.0.1:${config.port}`;
  return {
    base,
    fetch: async (url, init) => {
      const request = new Request(url, init);
      request.headers.set('host', new URL(request.url).host);
      return app.fetch(request);
    },
    async close() {
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
