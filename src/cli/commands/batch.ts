/**
 * `backdrop batch REQUEST.json INPUT... -o OUT_DIR`: one request (and `--finish`, as `backdrop run` takes
 * it) over many photos. Local by default (the
 * server's job path in this process); `--server URL` runs it on a running Backdrop server, which is how
 * Claid and Deep-Image are reached (the keys stay on the server). Exit codes: 0 every item done, 1 any
 * item failed or did not run, 2 usage errors, 130 stopped with Ctrl-C (the manifest says what ran).
 */
import path from 'node:path';
import {
  PRESET_IDS,
  compilePreset,
  describeFinish,
  findPreset,
  dialectIds,
  parse,
  print,
  type Dialect,
  type ExecutorId,
  type Preset,
} from '../../recipe/index.ts';
import type { CliIo, Command } from '../command.ts';
import {
  UsageError,
  defaultDialect,
  dialectAlternatives,
  parseCommandArgs,
  parseDialect,
  readInput,
} from '../command.ts';
import { formatIssue } from '../format.ts';
import { BatchApiError, BatchClient } from '../batch/client.ts';
import { findInputs } from '../batch/inputs.ts';
import { startLocalServer } from '../batch/local-server.ts';
import { MANIFEST_CSV, prepareOutDir } from '../batch/out-dir.ts';
import { Progress, formatDuration, type ProgressOutput } from '../batch/progress.ts';
import { runBatch, type BatchOutcome } from '../batch/run-batch.ts';
import { readFinish } from './run.ts';

/** Where a batch may run: the local engine, or any registered provider through a server. */
const executors = (): ExecutorId[] => ['local', ...dialectIds()];
/** Local items run two at a time by default: one in the model while the other decodes, refines, encodes. */
const LOCAL_CONCURRENCY = 2;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  dialect: { type: 'string' },
  executor: { type: 'string' },
  server: { type: 'string' },
  concurrency: { type: 'string' },
  resume: { type: 'boolean' },
  'fail-fast': { type: 'boolean' },
  preset: { type: 'string' },
  finish: { type: 'string' },
} as const;

function parseExecutor(value: string | undefined, server: string | undefined): ExecutorId {
  const executor = (value ?? 'local') as ExecutorId;
  if (!executors().includes(executor))
    throw new UsageError(`--executor must be one of ${executors().join(', ')}, not "${value}".`);
  if (executor !== 'local' && !server)
    throw new UsageError(
      `--executor ${executor} runs through a Backdrop server, which holds the API key: start one (npm start) and add --server http://127.0.0.1:8787.`,
    );
  return executor;
}

function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${value}".`);
  return n;
}

function parseServer(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.origin;
  } catch {
    throw new UsageError(
      `--server must be the server's http(s) address, e.g. http://127.0.0.1:8787 (got "${value}").`,
    );
  }
}

/** Ctrl-C: the first stops the batch cleanly; another, a second later or more, quits at once. */
function interruptions(io: CliIo): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let first = 0;
  const onSigint = () => {
    // A terminal sends SIGINT to the whole process group, and the allocator-tuning parent forwards its
    // own copy: two arrive together for one key press.
    if (first && Date.now() - first > 1000) process.exit(130);
    if (first) return;
    first = Date.now();
    io.stderr(
      '\nStopping: cancelling what is running and writing the manifest (Ctrl-C again to quit at once)…\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}

/** With --preset: the REQUEST.json argument is optional (the preset's own request is used without it). */
function splitPositionals(positionals: string[], preset: Preset | undefined) {
  const withFile = !preset || /\.json$/i.test(positionals[0] ?? '');
  const requestFile = withFile ? positionals[0] : undefined;
  const inputArgs = withFile ? positionals.slice(1) : positionals;
  if ((withFile && !requestFile) || inputArgs.length === 0)
    throw new UsageError(
      preset
        ? 'Give at least one photo, folder or glob.'
        : 'Give a request file and at least one photo, folder or glob.',
    );
  return { requestFile, inputArgs };
}

function presetOf(id: string | undefined): Preset | undefined {
  if (id === undefined) return undefined;
  const preset = findPreset(id);
  if (!preset) throw new UsageError(`Unknown preset "${id}"; use one of: ${PRESET_IDS.join(', ')}.`);
  return preset;
}

/** A preset's own finishing as --finish JSON text, if it carries any. */
const presetFinish = (preset: Preset | undefined) =>
  preset?.finish ? JSON.stringify(preset.finish) : undefined;

/** One line on how the results did against the preset's check. */
function checkLine(outcome: BatchOutcome, preset: Preset): string {
  const count = (status: string) => outcome.rows.filter((row) => row.compliance === status).length;
  const [pass, warn, fail] = [count('pass'), count('warn'), count('fail')];
  return `${preset.title} check: ${pass} pass${warn ? `, ${warn} pass with warnings` : ''}${fail ? `, ${fail} fail (the rule and its fix are above and in ${MANIFEST_CSV})` : ''}.`;
}

function summary(
  outcome: BatchOutcome,
  skipped: number,
  seconds: number,
  outDir: string,
  label: string,
): string {
  const done = outcome.rows.filter((row) => row.status === 'done').length - skipped;
  const failed = outcome.rows.filter((row) => row.status === 'failed').length;
  const notRun = outcome.rows.filter((row) => row.status === 'cancelled' || row.status === 'queued').length;
  const rate = seconds > 0 ? (done / seconds) * 60 : 0;
  const lines = [
    `${done} done${failed ? `, ${failed} failed` : ''}${notRun ? `, ${notRun} not run` : ''}${skipped ? ` (${skipped} more done before, kept)` : ''} on ${label} in ${formatDuration(seconds)}${done ? ` (${rate.toFixed(1)} images/min)` : ''}.`,
    `Results and ${MANIFEST_CSV} / manifest.json are in ${outDir}.`,
  ];
  if (outcome.stopped?.reason === 'server' && outcome.stopped.error)
    lines.push(`The batch stopped: ${outcome.stopped.error.message}`);
  if (failed) lines.push(`See ${path.join(outDir, MANIFEST_CSV)} for why each failed.`);
  if (failed || notRun) lines.push('Run the same command with --resume to run only what is not done.');
  return lines.join('\n') + '\n';
}

export const batchCommand: Command = {
  name: 'batch',
  summary: 'Run one request over many photos (files, folders, globs) into an output folder.',
  get usage() {
    return `backdrop batch REQUEST.json INPUT... -o OUT_DIR [--dialect ${dialectAlternatives()}] [--finish FINISH.json|JSON] [--executor ${executors().join('|')}] [--server URL] [--concurrency N] [--resume] [--fail-fast]
       backdrop batch --preset ID [REQUEST.json] INPUT... -o OUT_DIR [options as above]`;
  },
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    const preset = presetOf(values.preset);
    const { requestFile, inputArgs } = splitPositionals(positionals, preset);
    if (!values.output) throw new UsageError('Give the output folder with -o OUT_DIR.');
    const server = parseServer(values.server);
    const executor = parseExecutor(values.executor, server);
    const concurrency = parseConcurrency(values.concurrency);
    const dialectOption = parseDialect(values.dialect, '--dialect');
    const requestText = requestFile
      ? await readInput(requestFile, io)
      : print(
          compilePreset(preset!, dialectOption ?? defaultDialect()).request,
          dialectOption ?? defaultDialect(),
        );
    const parsed = parse(requestText, dialectOption);
    for (const issue of parsed.issues) io.stderr(formatIssue(issue) + '\n');
    if (!parsed.ok || !parsed.request || !parsed.dialect)
      throw new UsageError(`${requestFile ?? 'The request'} has errors (above); fix them and run again.`);
    const dialect: Dialect = parsed.dialect;
    // Finishing as `backdrop run` takes it; without --finish, the one a preset carries.
    const finish = await readFinish(values.finish ?? presetFinish(preset), io);
    if (finish === null) throw new UsageError('The finishing has errors (above); fix them and run again.');
    for (const line of finish ? describeFinish(finish) : []) io.stderr(`finishing: ${line}\n`);
    const { files, skipped: notImages } = await findInputs(inputArgs);
    if (files.length === 0) throw new UsageError(`No photos found in ${inputArgs.join(', ')}.`);
    if (notImages)
      io.stderr(`Skipped ${notImages} file(s) in folders or globs that are not photos by name.\n`);
    const outDir = values.output;
    const previous = await prepareOutDir(outDir, values.resume ?? false);
    const todo = files.filter((file) => !previous.has(path.resolve(file.path))).length;
    const skipped = files.length - todo;
    if (todo === 0) {
      io.stdout(
        `All ${files.length} photos are already done in ${outDir} (see ${MANIFEST_CSV}); nothing to run.\n`,
      );
      return 0;
    }

    const local = server ? undefined : await startLocalServer(concurrency ?? LOCAL_CONCURRENCY);
    // A server started with BACKDROP_ACCESS_TOKEN wants it as a Bearer token.
    const token = server ? process.env.BACKDROP_ACCESS_TOKEN?.trim() : undefined;
    const client = new BatchClient(
      server ?? local!.base,
      local?.fetch ?? fetch,
      token ? { authorization: `Bearer ${token}` } : {},
    );
    const stop = interruptions(io);
    try {
      let window = (concurrency ?? LOCAL_CONCURRENCY) + 2;
      let label = 'the local engine';
      if (server) {
        const info = (await client.executors()).executors.find((e) => e.id === executor);
        if (!info?.available)
          throw new UsageError(
            `The server at ${server} cannot run ${executor}: ${info?.reason ?? 'unknown executor'}`,
          );
        window = concurrency ?? info.concurrency;
        label = `${info.label} via ${server}`;
      }
      if (skipped)
        io.stderr(`--resume: ${skipped} of ${files.length} already done in ${outDir}; running ${todo}.\n`);
      const out: ProgressOutput = {
        write: (text) => io.stdout(text),
        isTTY: Boolean(process.stdout.isTTY),
        columns: process.stdout.columns,
      };
      const progress = new Progress(out, todo, skipped);
      const outcome = await runBatch({
        client,
        dialect,
        executor,
        requestText,
        request: parsed.request,
        ...(preset ? { preset: preset.id } : {}),
        ...(finish ? { finish } : {}),
        inputs: files,
        previous,
        outDir,
        window,
        failFast: values['fail-fast'] ?? false,
        progress,
        signal: stop.signal,
      });
      progress.end();
      io.stdout(summary(outcome, skipped, progress.elapsedSeconds(), outDir, label));
      if (preset) io.stdout(checkLine(outcome, preset) + '\n');
      if (outcome.stopped?.reason === 'interrupted') return 130;
      const allDone = outcome.rows.every((row) => row.status === 'done');
      return allDone && !outcome.rows.some((row) => row.compliance === 'fail') ? 0 : 1;
    } catch (error) {
      if (error instanceof BatchApiError) {
        io.stderr(`backdrop batch: ${error.message}\n`);
        return error.status >= 400 && error.status < 500 ? 2 : 1;
      }
      throw error;
    } finally {
      stop.dispose();
      await local?.close();
    }
  },
};
