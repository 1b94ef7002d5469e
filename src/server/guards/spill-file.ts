/**
 * One received file part: held in memory while small, spilled to a temp file once it outgrows the
 * memory threshold. Every write has an error path (a kept 'error', or the rejection of the 'drain' wait),
 * and `discard()` waits for the file descriptor to close, so a temp file is never created after the
 * caller has removed it.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface SpillOptions {
  tempDir: string;
  /** Called with the temp path before the file is created, so the caller can always remove it. */
  onTempFile(path: string): void;
}

export class SpillFile {
  private held: Buffer[] = [];
  private out: WriteStream | null = null;
  private outError: Error | null = null;
  bytes = 0;
  heldBytes = 0;

  constructor(private readonly options: SpillOptions) {}

  get path(): string | undefined {
    return this.out ? (this.out.path as string) : undefined;
  }

  /** Appends a chunk; `spill` moves the file to disk (it stays there for the rest of the part). */
  async append(chunk: Buffer, spill: boolean): Promise<void> {
    this.bytes += chunk.length;
    if (!this.out && spill) await this.openSpill();
    if (this.out) await this.write(chunk);
    else {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
    }
  }

  /** The whole file in memory, or the closed temp file's path. */
  async finish(): Promise<{ data: Buffer } | { path: string }> {
    const out = this.out;
    if (!out) {
      const data = Buffer.concat(this.held, this.heldBytes);
      this.held = [];
      return { data };
    }
    await new Promise<void>((resolve, reject) => {
      out.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.outError) throw this.outError;
    return { path: out.path as string };
  }

  /** Drops what was received: frees the memory, closes the temp file (the caller removes it). */
  async discard(): Promise<void> {
    this.held = [];
    const out = this.out;
    if (!out || out.closed) return;
    const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
    out.destroy();
    await closed;
  }

  private async openSpill(): Promise<void> {
    const path = join(this.options.tempDir, `upload-${randomUUID()}`);
    this.options.onTempFile(path);
    const out = createWriteStream(path);
    // The first error is kept (and thrown by the next write or by finish()); with this listener it can
    // never be an unhandled 'error' event, whatever the stream is doing when it fails.
    out.on('error', (error) => (this.outError ??= error));
    this.out = out;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const chunk of held) await this.write(chunk);
  }

  /** Resolves at once while the stream's buffer has room, else at 'drain'; rejects on a write error. */
  private async write(chunk: Buffer): Promise<void> {
    const out = this.out!;
    if (this.outError) throw this.outError;
    if (!out.write(chunk)) await once(out, 'drain');
  }
}
