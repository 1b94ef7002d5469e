/**
 * Entry point: config → services → app on HOST:PORT. Prints where it runs and which executors work.
 * BACKDROP_ROLE (or `worker` as the first argument, as `npm run worker` passes it): `all` serves the app
 * and runs jobs, `api` serves the app and leaves jobs to workers, `worker` runs jobs and serves only
 * /api/health (both need REDIS_URL).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { engineSettingsProblem, warmUp } from '../engine/index.ts';
import { createApp } from './app.ts';
import { redisAddress } from './jobs/redis-connection.ts';
import { createWorkerApp } from './worker-app.ts';
import { ConfigError, loadConfig, shareEngineSettings, type Config } from './config.ts';
import { installLastResortGuard } from './guards/last-resort.ts';
import { createServices } from './services.ts';

function loadOrExit(): Config {
  try {
    const env = process.argv[2] === 'worker' ? { ...process.env, BACKDROP_ROLE: 'worker' } : process.env;
    return loadConfig(env, { cores: availableParallelism() });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Backdrop cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadOrExit();
shareEngineSettings(config);
// A setting no job could run with stops the start, as a bad server setting does (not every job later).
const engineProblem = config.role === 'api' ? null : engineSettingsProblem();
if (engineProblem) {
  console.error(`Backdrop cannot start: ${engineProblem}.`);
  process.exit(1);
}
const services = await createServices(config);
// From here on one request's unhandled fault is logged and the server keeps serving everyone else.
installLastResortGuard(services.log);
// Process warnings (the engine's BackdropModelCache: a damaged cached model rebuilt) go to the structured,
// redacted log instead of Node's plain stderr lines.
process.removeAllListeners('warning');
process.on('warning', (warning) => services.log({ level: 'warn', msg: warning.message, name: warning.name }));
const staticDir = resolve('dist/app');
const hasApp = existsSync(resolve(staticDir, 'index.html'));
const worker = config.role === 'worker';
const app = worker ? createWorkerApp(services) : createApp(config, services, hasApp ? { staticDir } : {});
const shared = config.redisUrl ? `jobs in Redis at ${redisAddress(config.redisUrl)}` : undefined;
const roleNote = { all: shared ? `${shared}, ` : '', api: `API only, ${shared}, `, worker: `${shared}, ` }[
  config.role
];

/** " (int8)" after the local engine on the start line: which model pass this machine runs. */
const precisionNote = (model: { precision?: string } | null | undefined) =>
  model?.precision ? ` (${model.precision})` : '';

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  const executors = [...services.executors.values()]
    .map((e) => {
      const reason = e.unavailableReason(config);
      return reason
        ? `${e.id} – ${reason.replace(/^No (\w+) is set on the server\.$/, 'no $1')}`
        : `${e.id} ✓${precisionNote(e.model?.())}`;
    })
    .join(', ');
  console.log(
    worker
      ? `Backdrop worker is running (health at http://${host}:${info.port}/api/health; ${roleNote}executors: ${executors})`
      : `Backdrop is running at http://${host}:${info.port} (${roleNote}executors: ${executors})`,
  );
  if (!worker && ['0.0.0.0', '::'].includes(config.host) && config.publicOrigins.length === 0)
    console.log(
      `It answers only to the names 127.0.0.1, localhost and [::1] (DNS-rebinding guard); set BACKDROP_PUBLIC_ORIGIN to the address users open, e.g. http://<this machine's address>:${info.port}.`,
    );
  // Load the segmentation model in the background, so the first local job does not pay for it.
  if (config.warmUp && config.role !== 'api')
    warmUp().catch((error: unknown) =>
      services.log({
        level: 'warn',
        msg: 'local engine warm-up failed; the first local job will retry',
        error: String((error as Error)?.message ?? error).slice(0, 200),
      }),
    );
  if (!hasApp && !worker)
    console.log(
      'The web app is not built (dist/app is missing): run `npm start`, which builds it first. The API works meanwhile.',
    );
});
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Backdrop cannot start: port ${config.port} on ${config.host} is in use. Stop the other process or set PORT in .env.`
      : `Backdrop cannot start: ${error.message}`,
  );
  process.exit(1);
});

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  await services.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
// Whoever read this process's output is gone (its pipe closed: the parent that started it, a log
// collector). A C server dies of SIGPIPE then; Node ignores that signal and fails each write with EPIPE,
// which unhandled would reach the last-resort guard, whose log line fails again — a loop spinning a core.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') void shutdown();
  });
