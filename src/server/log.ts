/**
 * Structured one-line JSON logs. Callers pass only the fields they choose (never headers, bodies or
 * config), and every record is scrubbed of the configured secrets (whole or in pieces, see
 * redaction.ts) as a last line of defence.
 */
import { Redactor } from './redaction.ts';

export type LogRecord = { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>;
export type Logger = (record: LogRecord) => void;

export function createLogger(
  secrets: (string | undefined)[] | Redactor,
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Logger {
  const redactor = secrets instanceof Redactor ? secrets : new Redactor(secrets);
  return (record) => write(JSON.stringify(redactor.deep({ time: new Date().toISOString(), ...record })));
}
