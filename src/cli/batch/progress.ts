/**
 * What `backdrop batch` prints while it runs. On a terminal: one progress line redrawn in place (count,
 * bar, rate, time left, failures), with failed items and notices printed above it. Anywhere else (a
 * pipe, a log file, CI): one plain line per item as it ends, nothing redrawn.
 */
import type { BatchManifestRow } from '../../recipe/index.ts';

export interface ProgressOutput {
  write(text: string): void;
  /** True when the output is a terminal that understands carriage return and erase-line. */
  isTTY: boolean;
  columns?: number;
}

const BAR = 24;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export class Progress {
  private finished = 0;
  private failed = 0;
  private readonly started = Date.now();
  private note = '';
  private drawn = false;

  /** `total`: items this run will attempt; `skipped`: items a previous run already did (--resume). */
  constructor(
    private readonly out: ProgressOutput,
    private readonly total: number,
    private readonly skipped: number,
  ) {}

  /** Items done per minute in this run so far. */
  rate(): number {
    const minutes = (Date.now() - this.started) / 60_000;
    return minutes > 0 ? (this.finished - this.failed) / minutes : 0;
  }

  /** One item ended (done, failed or cancelled). */
  item(row: BatchManifestRow): void {
    this.finished++;
    if (row.status !== 'done') this.failed++;
    const count = `${this.finished}/${this.total}`;
    if (row.status === 'done') {
      if (!this.out.isTTY)
        this.out.write(
          `done   ${count} ${row.input} -> ${row.output} (${row.width}×${row.height}, ${formatBytes(row.bytes)}, ${(row.totalMs / 1000).toFixed(1)} s)\n`,
        );
    } else this.above(`${row.status.padEnd(6)} ${count} ${row.input}: ${row.error ?? 'not run'}\n`);
    // A result that does not pass its preset's check says which rule and how to fix it, on any output.
    for (const issue of row.complianceIssues ?? []) this.above(`check  ${row.input}: ${issue}\n`);
    this.redraw();
  }

  /** A passing state worth showing (rate-limit waits); empty to clear it. */
  status(note: string): void {
    if (note === this.note) return;
    this.note = note;
    if (!this.out.isTTY && note) this.out.write(`note   ${note}\n`);
    this.redraw();
  }

  /** Prints a line that stays (above the progress line on a terminal). */
  above(line: string): void {
    if (this.out.isTTY && this.drawn) this.out.write('\r\x1b[2K');
    this.out.write(line);
    this.drawn = false;
    this.redraw();
  }

  redraw(secondsLeft?: number): void {
    if (!this.out.isTTY) return;
    const share = this.total > 0 ? this.finished / this.total : 1;
    const filled = Math.round(share * BAR);
    const rate = this.rate();
    const left =
      secondsLeft ?? (rate > 0 ? ((this.total - this.finished) / rate) * 60 : Number.POSITIVE_INFINITY);
    const parts = [
      `${this.finished}/${this.total}`,
      `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}]`,
      `${Math.round(share * 100)}%`,
      `${rate.toFixed(1)}/min`,
      this.finished < this.total ? `~${formatDuration(left)} left` : '',
      this.failed ? `${this.failed} failed` : '',
      this.skipped ? `${this.skipped} done before` : '',
      this.note,
    ].filter(Boolean);
    // Never wider than the terminal, or each redraw would wrap and leave a trail of lines.
    const line = parts.join('  ').slice(0, Math.max(20, (this.out.columns || 100) - 1));
    this.out.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Ends the progress line (the summary follows). */
  end(): void {
    if (this.out.isTTY && this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
