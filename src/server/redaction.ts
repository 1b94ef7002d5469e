/**
 * Removing the server's secrets (provider keys, access token) from anything that leaves it. One Redactor
 * is built from the config; the job processor runs every value an executor hands out through it
 * (executors/sealed.ts) and the logger runs every line through it, so no field needs its own care.
 *
 * Text: every run of at least MIN_PIECE characters that is a piece of a secret becomes `[redacted]`, so
 * a key a provider echoes whole, cut short (`sk-1234abcd…`) or split by a snippet's cut is caught
 * too. Bytes (result images): exact occurrences of a whole secret.
 */
export const REDACTED = '[redacted]';
/** Shortest piece of a secret that counts as a leak. Secrets shorter than this match only whole. */
export const MIN_PIECE = 8;

export class Redactor {
  private readonly secrets: string[];
  private readonly pieces = new Set<string>();
  private readonly needles: Buffer[];

  constructor(secrets: (string | undefined)[]) {
    this.secrets = [...new Set(secrets.filter((s): s is string => Boolean(s)))];
    for (const secret of this.secrets)
      for (let i = 0; i + MIN_PIECE <= secret.length; i++) this.pieces.add(secret.slice(i, i + MIN_PIECE));
    this.needles = this.secrets.map((s) => Buffer.from(s));
  }

  get empty(): boolean {
    return this.secrets.length === 0;
  }

  /** `input` with every piece of a secret (≥ MIN_PIECE characters, or a whole short secret) replaced. */
  text(input: string): string {
    if (this.empty) return input;
    let text = input;
    for (const secret of this.secrets)
      if (secret.length < MIN_PIECE && text.includes(secret)) text = text.split(secret).join(REDACTED);
    if (!this.pieces.size || text.length < MIN_PIECE) return text;
    let out = '';
    let copied = 0;
    for (let i = 0; i + MIN_PIECE <= text.length;) {
      if (!this.pieces.has(text.slice(i, i + MIN_PIECE))) {
        i++;
        continue;
      }
      // Extend the match as long as it is still one piece of some secret.
      let end = i + MIN_PIECE;
      while (end < text.length && this.isPiece(text.slice(i, end + 1))) end++;
      out += text.slice(copied, i) + REDACTED;
      i = copied = end;
    }
    return out + text.slice(copied);
  }

  /**
   * A copy of `value` with `text()` applied to every string in it, object keys included. Buffers and
   * other binary views pass unchanged (see `bytesContain`); Errors become plain copies of their message.
   */
  deep<T>(value: T): T {
    if (this.empty) return value;
    return this.walk(value, 0) as T;
  }

  /** Whether `bytes` hold a whole secret (as UTF-8). */
  bytesContain(bytes: Uint8Array): boolean {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    return this.needles.some((needle) => buffer.includes(needle));
  }

  /** The longest secret in bytes: a streaming scan keeps this many bytes minus one between chunks. */
  get longestNeedle(): number {
    return Math.max(0, ...this.needles.map((n) => n.length));
  }

  private isPiece(candidate: string): boolean {
    return this.secrets.some((secret) => secret.includes(candidate));
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object' || depth > 32) return value;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1));
    if (value instanceof Error) return new Error(this.text(value.message));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[this.text(key)] = this.walk(item, depth + 1);
    return out;
  }
}
