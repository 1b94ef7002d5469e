/**
 * `backdrop preset ID [--dialect DIALECT]`: a marketplace preset as the request it compiles to
 * (stdout), with what the dialect cannot carry and the preset's rules and sources (stderr).
 * `backdrop preset --list` lists the presets.
 */
import { PRESETS, PRESET_IDS, compilePreset, findPreset, print } from '../../recipe/index.ts';
import type { Command } from '../command.ts';
import {
  UsageError,
  defaultDialect,
  dialectAlternatives,
  parseCommandArgs,
  parseDialect,
} from '../command.ts';

export const presetCommand: Command = {
  name: 'preset',
  summary:
    'Print a marketplace preset as a request (rules, sources and losses to stderr); --list lists them.',
  get usage() {
    return `backdrop preset ID [--dialect ${dialectAlternatives()}]  |  backdrop preset --list`;
  },
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      dialect: { type: 'string' },
      list: { type: 'boolean' },
    });
    if (values.list) {
      const width = Math.max(...PRESET_IDS.map((id) => id.length));
      for (const preset of PRESETS)
        io.stdout(`${preset.id.padEnd(width)}  ${preset.title} — ${preset.summary}\n`);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError(`Give one preset id: ${PRESET_IDS.join(', ')} (or --list).`);
    const preset = findPreset(positionals[0]!);
    if (!preset)
      throw new UsageError(`Unknown preset "${positionals[0]}"; use one of: ${PRESET_IDS.join(', ')}.`);
    const dialect = parseDialect(values.dialect, '--dialect') ?? defaultDialect();
    const compiled = compilePreset(preset, dialect);
    io.stdout(print(compiled.request, dialect) + '\n');
    io.stderr(`${preset.title} (${dialect}): ${preset.summary}\n`);
    for (const rule of preset.rules)
      io.stderr(
        `  rule ${rule.id}: ${rule.title}${rule.level === 'recommended' ? ' (recommended)' : ''} — ${rule.source.url} (read ${rule.source.read})\n`,
      );
    for (const loss of compiled.losses) io.stderr(`${loss.kind} ${loss.path}: ${loss.message}\n`);
    return 0;
  },
};
