/**
 * The `backdrop` command line. Each subcommand is one file in ./commands; to add one, write the file and
 * add it to COMMANDS below.
 */
import type { CliIo, Command } from './command.ts';
import { UsageError } from './command.ts';
import { checkCommand } from './commands/check.ts';
import { translateCommand } from './commands/translate.ts';
import { runCommand } from './commands/run.ts';
import { maskCommand } from './commands/mask.ts';
import { batchCommand } from './commands/batch.ts';
import { presetCommand } from './commands/preset.ts';
import { verifyCommand } from './commands/verify.ts';

export const COMMANDS: Command[] = [
  checkCommand,
  translateCommand,
  runCommand,
  maskCommand,
  batchCommand,
  presetCommand,
  verifyCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage: backdrop <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `backdrop <command> --help` for its usage.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(help() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${help()}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/**
 * Runs the command line with `argv` (the arguments after the program name) and sets the process's exit
 * code. backdrop.mjs calls it whatever path started it (npm's bin link, `npx`, a symlink, `node path`), so
 * nothing here guesses from `process.argv[1]`; tests call runCli directly.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    process.exitCode = await runCli(argv, processIo);
  } catch (error) {
    process.stderr.write(`backdrop: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  }
}
