/**
 * The decoder's own words about an image, the same whichever path asks (upload guard, engine, batch, CLI,
 * a provider's result) and however busy the process is.
 *
 * Why a separate process: sharp keeps libvips' warnings in one process-wide queue and hands all of them to
 * whichever pipeline finishes next, and libvips' error buffer is process-wide too (every pipeline clears it
 * when it ends). With several decodes running at once — a batch's items, another job's encode — a damaged
 * image's "Corrupt JPEG data: premature end of data segment" can land on another pipeline, and its own
 * failure then reads only "Warning treated as error due to failOn setting" (seen in a batch test, 3 in 60
 * decodes with six others running). Whether a decode fails under `failOn: 'warning'` is decided by the
 * decoder's own state and is reliable in-process; only the words are not. So the words come from
 * decoder-report.mjs, which decodes the image alone in a child Node process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';

const SCRIPT = path.join(import.meta.dirname, 'decoder-report.mjs');
/** A check decode is at most 256 px (shrink-on-load); 30 s is far beyond any real image's time. */
const TIMEOUT_MS = 30_000;

let warningsSeen = 0;
const proto = sharp.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
const emit = proto.emit;
/**
 * Counts every libvips warning any pipeline in this process is handed (sharp emits them as 'warning' on
 * whichever pipeline finished), so that a decode can tell whether a warning may have been its own even
 * when another pipeline took it. Sharp has no process-wide warning hook; this wraps its `emit`.
 */
proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
  if (event === 'warning') warningsSeen++;
  return emit.call(this, event, ...args);
};

/**
 * A mark of the warnings handed out so far: a decode takes one before it starts and compares after it
 * ends; a change means some warning (its own, or another image's) went out meanwhile, and the decoder
 * report decides. `failed()` counts a failed decode too: sharp appends the queued warnings to a failing
 * pipeline's error instead of emitting them.
 */
export const warningMark = {
  now: (): number => warningsSeen,
  failed: (): void => void warningsSeen++,
};

/** libvips' bookkeeping lines around a decoder's own words; they name no damage themselves. */
const NOISE =
  /^(read gave \d+ warnings?|error in tile \d+ x \d+|warning treated as error due to failOn setting)$/i;

/**
 * A decoder message as lines of the decoder's own words: loader prefixes ("VipsJpeg: "), sharp's
 * "Input buffer has corrupt header: " and libvips' bookkeeping lines removed.
 */
export function decoderLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^Input (buffer|file) has corrupt header:\s*/i, '')
        .replace(/^(VipsJpeg|vipspng|gifload\w*|webp2vips|heifload\w*|\w+load(_\w+)?):\s*/i, ''),
    )
    .filter((line) => line && !NOISE.test(line));
}

export interface DecoderReport {
  /** The decoder's warnings, in order, without duplicates (decoderLines). */
  warnings: string[];
  /** Why the decode stopped, in the decoder's words; null when it decoded every pixel. */
  error: string | null;
}

/**
 * Decodes `input` (bytes, or a file path) alone in a child Node process, with failOn 'none' so that every
 * warning is reported (then 'warning' if that reported nothing), at most 256 px (a JPEG still reads all its
 * entropy-coded data). Deterministic: nothing else runs in that process. Costs ~0.2–0.5 s, so callers ask
 * only when an in-process decode failed or warned. Throws when the child cannot run or answer.
 */
export function decoderReport(input: Buffer | string): Promise<DecoderReport> {
  return new Promise((resolve, reject) => {
    const args = typeof input === 'string' ? [SCRIPT, input] : [SCRIPT];
    const child = spawn(process.execPath, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
      cwd: path.dirname(SCRIPT),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const why = Buffer.concat(err).toString().trim().split('\n')[0] ?? '';
        reject(new Error(`decoder report exited with ${signal ?? code}: ${why}`));
        return;
      }
      try {
        const raw = JSON.parse(Buffer.concat(out).toString()) as { warnings: string[]; error: string | null };
        const warnings = [...new Set(raw.warnings.flatMap(decoderLines))];
        resolve({ warnings, error: raw.error === null ? null : (decoderLines(raw.error)[0] ?? null) });
      } catch (error) {
        reject(error as Error);
      }
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading everything
    child.stdin.end(typeof input === 'string' ? undefined : input);
  });
}
