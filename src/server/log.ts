/**
 * Structured one-line JSON logs. Callers pass only the fields they choose (never headers, bodies or
 * config), and every line is scrubbed of the configured secrets as a last line of defence.
 */
export type LogRecord = { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>;
export type Logger = (record: LogRecord) => void;

export function createLogger(
  secrets: (string | undefined)[],
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Logger {
  const present = secrets.filter((s): s is string => Boolean(s));
  return (record) => {
    let line = JSON.stringify({ time: new Date().toISOString(), ...record });
    for (const secret of present) line = line.split(secret).join('[redacted]');
    write(line);
  };
}
