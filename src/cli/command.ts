/** What one `backdrop` subcommand is. Commands live one per file in ./commands and are listed in main.ts. */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dialectChoices, dialectIds, isDialect, type Dialect } from '../recipe/index.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

export interface Command {
  name: string;
  /** One line for `backdrop --help`. */
  summary: string;
  /** The usage line(s), shown on usage errors. */
  usage: string;
  /** Resolves to the exit code. Throw UsageError for bad arguments (exit 2). */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Bad arguments: the message is shown with the command's usage and the exit code is 2. */
export class UsageError extends Error {}

/** Parses a command's options; an unknown or malformed option is a usage error (exit 2), not a crash. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reads FILE, or stdin for `-`; a missing or unreadable file is a usage error naming the file. */
export async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? error);
    throw new UsageError(`Cannot read ${file}: ${why}. Give a JSON file, or - to read standard input.`);
  }
}

/** A `--dialect`-style option: undefined when absent, a registered dialect, else a usage error. */
export function parseDialect(value: string | undefined, option: string): Dialect | undefined {
  if (value === undefined) return undefined;
  if (isDialect(value)) return value;
  throw new UsageError(`${option} must be ${dialectChoices()}, not "${value}".`);
}

/** The registered dialects as a usage line writes them: `claid|deep-image`. */
export const dialectAlternatives = (): string => dialectIds().join('|');

/** The dialect a command uses when none is given and none can be told: the registry's first. */
export const defaultDialect = (): Dialect => dialectIds()[0]!;
