/**
 * `backdrop verify IMAGE --preset ID [--json]`: a result file's checklist against a marketplace preset.
 * The subject is told from the background by the file's transparency, else estimated from a flat border
 * colour (a file has no Backdrop mask). Exit 0 when no rule fails (warnings allowed), 1 when one fails,
 * 2 on usage errors (no such file, not an image, unknown preset).
 */
import { readFile } from 'node:fs/promises';
import { checkCompliance, EngineError } from '../../engine/index.ts';
import { PRESET_IDS, findPreset, type ComplianceReport } from '../../recipe/index.ts';
import type { Command } from '../command.ts';
import { UsageError, parseCommandArgs } from '../command.ts';

const MARKS = { pass: '✓ pass', warn: '! warn', fail: '✗ fail' } as const;

/** The checklist as lines for a terminal: one per rule, with the fix under a rule that did not pass. */
function formatReport(report: ComplianceReport, file: string): string {
  const lines = [`${file}: ${report.title} — ${report.status.toUpperCase()}`];
  for (const rule of report.rules) {
    lines.push(`  ${MARKS[rule.status]}  ${rule.title}: ${rule.measured} (limit ${rule.limit})`);
    if (rule.fix) lines.push(`          fix: ${rule.fix}`);
  }
  if (report.manualChecks.length) {
    lines.push('  Check by eye:');
    for (const check of report.manualChecks) lines.push(`    - ${check}`);
  }
  return lines.join('\n') + '\n';
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check an image against a marketplace preset’s rules (exit 0 pass, 1 fail).',
  usage: 'backdrop verify IMAGE --preset ID [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      preset: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('Give exactly one image file to verify.');
    if (!values.preset) throw new UsageError(`Say which preset with --preset: ${PRESET_IDS.join(', ')}.`);
    const preset = findPreset(values.preset);
    if (!preset)
      throw new UsageError(`Unknown preset "${values.preset}"; use one of: ${PRESET_IDS.join(', ')}.`);
    const file = positionals[0]!;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code ?? error)}.`,
      );
    }
    let report: ComplianceReport;
    try {
      report = await checkCompliance(bytes, preset);
    } catch (error) {
      if (error instanceof EngineError)
        throw new UsageError(`${file} is not an image Backdrop can read: ${error.message}`);
      throw error;
    }
    io.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, file));
    return report.status === 'fail' ? 1 : 0;
  },
};
