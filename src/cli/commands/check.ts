/** `backdrop check`: validate a request file and print it canonically. */
import { parse, print } from '../../recipe/index.ts';
import type { Command } from '../command.ts';
import { UsageError, dialectAlternatives, parseDialect, readInput, parseCommandArgs } from '../command.ts';
import { formatIssue } from '../format.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check a request: canonical JSON on stdout, warnings and errors on stderr.',
  get usage() {
    return `backdrop check [--dialect ${dialectAlternatives()}] FILE|-`;
  },
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { dialect: { type: 'string' } });
    if (positionals.length !== 1)
      throw new UsageError('Give exactly one request file (or - for standard input).');
    const dialect = parseDialect(values.dialect, '--dialect');
    const result = parse(await readInput(positionals[0]!, io), dialect);
    if (result.request && result.dialect) io.stdout(print(result.request, result.dialect) + '\n');
    for (const issue of result.issues) io.stderr(formatIssue(issue) + '\n');
    if (result.legacy) {
      io.stderr(
        `hint ${result.legacy.path}: the current form of this request is\n${print(result.legacy.modern, result.dialect!)}\n`,
      );
    }
    return result.ok ? 0 : 1;
  },
};
