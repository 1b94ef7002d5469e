/** What `backdrop batch` prints: a redrawn line on a terminal, plain lines elsewhere. */
import { describe, expect, it } from 'vitest';
import type { BatchManifestRow } from '../../recipe/index.ts';
import { Progress, formatDuration } from './progress.ts';

const row = (input: string, status: BatchManifestRow['status'], error?: string): BatchManifestRow => ({
  input,
  output: status === 'done' ? input.replace(/\.\w+$/, '-backdrop.png') : '',
  status,
  ...(error ? { error } : {}),
  warnings: [],
  width: status === 'done' ? 1000 : 0,
  height: status === 'done' ? 800 : 0,
  bytes: status === 'done' ? 2_400_000 : 0,
  executor: 'local',
  timings: {},
  totalMs: 1500,
});

function capture(isTTY: boolean, columns?: number) {
  const chunks: string[] = [];
  return { chunks, out: { write: (text: string) => void chunks.push(text), isTTY, columns } };
}

describe('Progress', () => {
  it('on a terminal: one line redrawn in place with count, bar, rate, time left and failures; failures stay above it', () => {
    const { chunks, out } = capture(true, 120);
    const progress = new Progress(out, 4, 2);
    progress.item(row('a.jpg', 'done'));
    progress.item(row('b.jpg', 'failed', 'The image "b.jpg" is a PDF document.'));
    progress.redraw(90);
    const text = chunks.join('');
    const last = text.slice(text.lastIndexOf('\r\x1b[2K') + 5);
    expect(last).toMatch(
      /^2\/4 {2}\[█{12}░{12}\] {2}50% {2}[\d.]+\/min {2}~1 min 30 s left {2}1 failed {2}2 done before$/,
    );
    expect(text).toContain('\r\x1b[2Kfailed 2/4 b.jpg: The image "b.jpg" is a PDF document.\n');
    expect(text).not.toContain('done   1/4'); // done items only move the bar
    progress.end();
    expect(chunks.at(-1)).toBe('\n');
  });

  it('keeps the line narrower than the terminal', () => {
    const { chunks, out } = capture(true, 40);
    const progress = new Progress(out, 300, 0);
    progress.status('waiting 25 s: the provider asked to slow down (429)');
    for (const chunk of chunks) expect(chunk.replace('\r\x1b[2K', '').length).toBeLessThan(40);
  });

  it('elsewhere: one plain line per item, no control characters', () => {
    const { chunks, out } = capture(false);
    const progress = new Progress(out, 2, 0);
    progress.item(row('a.jpg', 'done'));
    progress.status('waiting 25 s: the provider asked to slow down (429)');
    progress.item(row('b.jpg', 'cancelled', 'Not run: the batch was stopped (Ctrl-C).'));
    progress.end();
    expect(chunks).toEqual([
      'done   1/2 a.jpg -> a-backdrop.png (1000×800, 2.3 MB, 1.5 s)\n',
      'note   waiting 25 s: the provider asked to slow down (429)\n',
      'cancelled 2/2 b.jpg: Not run: the batch was stopped (Ctrl-C).\n',
    ]);
  });

  it('formats durations', () => {
    expect([
      formatDuration(42),
      formatDuration(90),
      formatDuration(3 * 3600 + 120),
      formatDuration(NaN),
    ]).toEqual(['42 s', '1 min 30 s', '3 h 2 min', '?']);
  });
});
