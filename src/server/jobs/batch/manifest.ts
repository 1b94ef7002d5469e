/**
 * manifest.csv and manifest.json: one row per item of a batch, written into the batch's archive and
 * into the CLI's output folder. The CSV follows RFC 4180 (every field quoted when it holds a comma,
 * quote or line break; CRLF line ends) and starts with a UTF-8 byte-order mark so spreadsheet programs
 * read non-ASCII file names right. Cells that begin with = + - @ are prefixed with ' (OWASP "CSV
 * injection"), since file names and error texts come from outside.
 */
import { summaryLines, type BatchManifestRow, type Finish, type JobView } from '../../../recipe/index.ts';

const MANIFEST_COLUMNS = [
  'input',
  'output',
  'status',
  'error_code',
  'error',
  'warnings',
  'width',
  'height',
  'bytes',
  'executor',
  'total_ms',
  'timings',
  'provider_request_id',
  'compliance',
  'compliance_issues',
  'finish',
] as const;

/** What a row is made from: a job's view, or a batch item's (which carries the same fields). */
export type ManifestSource = Pick<
  JobView,
  | 'status'
  | 'error'
  | 'warnings'
  | 'output'
  | 'timings'
  | 'providerRequestId'
  | 'executor'
  | 'compliance'
  | 'finish'
>;

/**
 * The manifest row of one item from its job's view; `output` is its result's file name (when done).
 * `finish`: the finishing the item ran with when the view does not carry it (a batch item's view).
 */
export function manifestRow(
  input: string,
  output: string | undefined,
  job: ManifestSource,
  finish: Finish | undefined = job.finish,
): BatchManifestRow {
  const done = job.status === 'done';
  const totalMs = Object.values(job.timings).reduce((sum, ms) => sum + ms, 0);
  return {
    input,
    output: done && output ? output : '',
    status: job.status,
    ...(job.error ? { errorCode: job.error.code, error: job.error.message } : {}),
    warnings: job.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message)),
    width: done ? (job.output?.width ?? 0) : 0,
    height: done ? (job.output?.height ?? 0) : 0,
    bytes: done ? (job.output?.bytes ?? 0) : 0,
    executor: job.executor,
    timings: job.timings,
    totalMs,
    ...(job.providerRequestId ? { providerRequestId: job.providerRequestId } : {}),
    ...(job.compliance
      ? { compliance: job.compliance.status, complianceIssues: summaryLines(job.compliance) }
      : {}),
    ...(finish ? { finish: JSON.stringify(finish) } : {}),
  };
}

function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV text of `rows` with its header line. Rows that carry a `source` (the CLI's, whose inputs are
 * files in folders: `shelf/mug.jpg` runs as `mug-2.jpg`) get it as a last `source` column.
 */
export function manifestCsv(rows: BatchManifestRow[]): string {
  const withSource = rows.some((row) => row.source !== undefined);
  const lines = [[...MANIFEST_COLUMNS, ...(withSource ? ['source'] : [])].join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.input,
        row.output,
        row.status,
        row.errorCode ?? '',
        row.error ?? '',
        row.warnings.join(' | '),
        row.width,
        row.height,
        row.bytes,
        row.executor,
        row.totalMs,
        Object.entries(row.timings)
          .map(([stage, ms]) => `${stage}=${ms}`)
          .join(';'),
        row.providerRequestId ?? '',
        row.compliance ?? '',
        (row.complianceIssues ?? []).join(' | '),
        row.finish ?? '',
        ...(withSource ? [row.source ?? ''] : []),
      ]
        .map(cell)
        .join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
