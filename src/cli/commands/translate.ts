/** `backdrop translate`: carry a request into another dialect and report what did not survive. */
import { dialectIds, parse, print, translate } from '../../recipe/index.ts';
import type { Command } from '../command.ts';
import { UsageError, dialectAlternatives, parseDialect, readInput, parseCommandArgs } from '../command.ts';
import { formatIssue } from '../format.ts';

export const translateCommand: Command = {
  name: 'translate',
  summary: 'Translate a request to another provider; the loss report goes to stderr.',
  get usage() {
    return `backdrop translate --to ${dialectAlternatives()} [--from ${dialectAlternatives()}] FILE|-`;
  },
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      to: { type: 'string' },
      from: { type: 'string' },
    });
    const to = parseDialect(values.to, '--to');
    if (!to)
      throw new UsageError(
        `Say which dialect to translate to with ${dialectIds()
          .map((id) => `--to ${id}`)
          .join(' or ')}.`,
      );
    if (positionals.length !== 1)
      throw new UsageError('Give exactly one request file (or - for standard input).');
    const result = parse(await readInput(positionals[0]!, io), parseDialect(values.from, '--from'));
    if (!result.ok || !result.request || !result.dialect) {
      for (const issue of result.issues) io.stderr(formatIssue(issue) + '\n');
      io.stderr('The request has errors, so it was not translated. Fix them first (see `backdrop check`).\n');
      return 1;
    }
    const translated = translate(result.request, result.dialect, to);
    io.stdout(print(translated.request, to) + '\n');
    if (result.dialect === to) io.stderr(`The request is already ${to}; nothing to translate.\n`);
    for (const loss of translated.losses) io.stderr(`${loss.kind} ${loss.path}: ${loss.message}\n`);
    if (translated.losses.length === 0 && result.dialect !== to)
      io.stderr('Nothing was lost in translation.\n');
    return 0;
  },
};
