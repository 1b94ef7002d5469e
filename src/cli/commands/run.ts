/** `backdrop run`: execute a request on a photo with the local engine and write the result. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  describeFinish,
  parse,
  parseFinishText,
  dialectModules,
  parseSubjectBox,
  providersAccepting,
  requestWarnings,
  RequestError,
  toPlan,
  typeRefusal,
  type Finish,
  type JobWarning,
  type Plan,
  type SubjectBox,
} from '../../recipe/index.ts';
import { decoderName, EngineError, IMAGE_FORMATS, runPlan } from '../../engine/index.ts';
import { safeFetch } from '../../server/guards/safe-fetch.ts';
import type { CliIo, Command } from '../command.ts';
import { UsageError, dialectAlternatives, parseDialect, readInput, parseCommandArgs } from '../command.ts';
import { formatIssue } from '../format.ts';

const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif', tiff: 'tiff' } as const;
/** Limits for URLs in a request (replace, background_url): public http(s) only, like the server. */
const FETCH_LIMITS = { maxBytes: 25 * 1024 * 1024, timeoutMs: 20_000, allowHosts: [] as string[] };

export async function readImageFile(file: string, what = 'the image'): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code ?? error);
    throw new UsageError(`Cannot read ${what} ${file}: ${why}.`);
  }
}

/**
 * The engine's refusal as the command line says it: a format this machine cannot decode gets the same
 * sentence as the server and the editor, pointing at the providers that take it through the server.
 */
export function engineErrorText(error: EngineError): string {
  const format = IMAGE_FORMATS.find((f) => f.id === error.format);
  if (error.code !== 'unsupported-format' || !format) return error.message;
  return typeRefusal({
    subject: 'The image',
    typeLabel: format.label,
    cannot: `the local engine cannot decode on this machine (${decoderName()} has no ${format.label} decoder)`,
    alternatives: providersAccepting(format.mime).map((p) => ({ label: p.label, available: false })),
    via: ' through the server (npm start)',
  });
}

/** One line per warning on stderr: `warning PATH: message`, or `warning: message` when no option is meant. */
export function printWarnings(warnings: JobWarning[], io: CliIo): void {
  for (const { path: at, message } of warnings) io.stderr(`warning${at ? ` ${at}` : ''}: ${message}\n`);
}

/** --box and --mask: Backdrop's own subject hints, beside the request (see src/recipe/subject-box.ts). */
async function subjectOptions(values: { box?: string; mask?: string }) {
  if (values.box !== undefined && values.mask !== undefined)
    throw new UsageError(
      'Give --box or --mask, not both: a mask replaces segmentation, so a box would do nothing.',
    );
  let subjectBox: SubjectBox | undefined;
  if (values.box !== undefined) {
    const parsed = parseSubjectBox(values.box);
    if (!parsed.ok) throw new UsageError(`--box ${parsed.message}`);
    subjectBox = parsed.box;
  }
  const mask = values.mask !== undefined ? await readImageFile(values.mask, 'the mask') : undefined;
  return { ...(subjectBox ? { subjectBox } : {}), ...(mask ? { mask } : {}) };
}

export function defaultOutputName(image: string, suffix: string, extension: string): string {
  return `${path.basename(image, path.extname(image))}-${suffix}.${extension}`;
}

async function fetchAsset(url: string, field: string, io: CliIo): Promise<Buffer> {
  io.stderr(`fetching ${field}: ${url}\n`);
  try {
    return (await safeFetch(url, field, FETCH_LIMITS)).data;
  } catch (error) {
    throw new EngineError('missing-asset', `Could not fetch ${field} (${url}): ${(error as Error).message}`);
  }
}

async function fetchAssets(plan: Plan, io: CliIo) {
  const assets: { backgroundImage?: Buffer; generateBackground?: Buffer } = {};
  if (plan.background.kind === 'image') {
    assets.backgroundImage = await fetchAsset(plan.background.url, 'background.replace', io);
  }
  if (plan.background.kind === 'generated' && plan.background.backgroundUrl) {
    assets.generateBackground = await fetchAsset(
      plan.background.backgroundUrl,
      'background.generate.background_url',
      io,
    );
  }
  return assets;
}

/**
 * Reads and validates --finish FILE (or `-` for standard input, or the JSON itself when it starts with
 * `{`); each problem is printed with its path under `finish`. Null when it has errors.
 */
export async function readFinish(file: string | undefined, io: CliIo): Promise<Finish | undefined | null> {
  if (file === undefined) return undefined;
  const inline = file.trimStart().startsWith('{');
  const parsed = parseFinishText(inline ? file : await readInput(file, io));
  if (parsed.ok) return parsed.finish;
  for (const issue of parsed.issues) io.stderr(formatIssue(issue) + '\n');
  io.stderr(`${inline ? 'The --finish JSON' : file} has errors; fix them and run again.\n`);
  return null;
}

const RUN_OPTIONS = {
  dialect: { type: 'string' },
  finish: { type: 'string' },
  output: { type: 'string', short: 'o' },
  executor: { type: 'string' },
  box: { type: 'string' },
  mask: { type: 'string' },
} as const;

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a request on an image with the local engine and write the result.',
  get usage() {
    return (
      `backdrop run IMAGE REQUEST.json|- [--dialect ${dialectAlternatives()}] [--finish FINISH.json|JSON] [-o OUT]
` + '             [--executor local] [--box x,y,width,height | --mask MASK.png]'
    );
  },
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, RUN_OPTIONS);
    if (positionals.length !== 2)
      throw new UsageError('Give an image and a request file (or - for standard input).');
    const executor = values.executor ?? 'local';
    if (executor !== 'local') {
      throw new UsageError(
        `The command line runs requests on the local engine only, not "${executor}"; use the server (npm start) for ${dialectModules()
          .map((module) => module.label)
          .join(' or ')}.`,
      );
    }
    const [imageFile, requestFile] = positionals as [string, string];
    const dialect = parseDialect(values.dialect, '--dialect');
    const parsed = parse(await readInput(requestFile, io), dialect);
    for (const issue of parsed.issues) io.stderr(formatIssue(issue) + '\n');
    if (!parsed.ok || !parsed.request || !parsed.dialect) {
      io.stderr(`${requestFile} has errors; fix them and run again.\n`);
      return 1;
    }
    if (values.finish === '-' && requestFile === '-')
      throw new UsageError('Only one of REQUEST and --finish can come from standard input.');
    const finish = await readFinish(values.finish, io);
    if (finish === null) return 1;
    const image = await readImageFile(imageFile);
    const subject = await subjectOptions(values);
    try {
      const plan = toPlan(parsed.dialect, parsed.request);
      const assets = await fetchAssets(plan, io);
      const result = await runPlan({ image, plan, assets, ...subject, ...(finish ? { finish } : {}) });
      for (const line of describeFinish(finish)) io.stderr(`finishing: ${line}\n`);
      const out = values.output ?? defaultOutputName(imageFile, 'backdrop', EXTENSIONS[result.format]);
      await writeFile(out, result.data);
      const extension = path.extname(out).slice(1).toLowerCase();
      const expected = EXTENSIONS[result.format];
      if (extension && extension !== expected && !(expected === 'jpg' && extension === 'jpeg')) {
        io.stderr(
          `warning (output): the request asks for ${result.format.toUpperCase()}, so ${out} holds ${result.format.toUpperCase()} despite its .${extension} name.\n`,
        );
      }
      printWarnings(requestWarnings(parsed.dialect, result.warnings), io);
      const timings = Object.entries(result.timings).map(([stage, ms]) => `${stage} ${Math.round(ms)} ms`);
      io.stderr(`timings: ${timings.join(', ')}\n`);
      io.stdout(
        `wrote ${out} (${result.width}×${result.height}, ${result.mime}, ${result.data.length} bytes)\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof RequestError) {
        for (const issue of error.issues) io.stderr(formatIssue(issue) + '\n');
        return 1;
      }
      if (error instanceof EngineError) {
        io.stderr(`backdrop run: ${imageFile}: ${engineErrorText(error)}\n`);
        return 1;
      }
      throw error;
    }
  },
};
