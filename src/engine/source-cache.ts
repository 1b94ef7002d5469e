import type { DecodedImage } from './render/decode.ts';

/** A decoded photo with its subject mask and decontaminated colours: everything before compositing. */
export interface PreparedSource {
  decoded: DecodedImage;
  /** Subject alpha limited by the input's own alpha; null until a plan needed the mask. */
  alpha: Buffer | null;
  foreground: Buffer | null;
  modelId?: string;
}

function sizeOf(entry: PreparedSource): number {
  const d = entry.decoded;
  return (
    d.rgb.length + (d.inputAlpha?.length ?? 0) + (entry.alpha?.length ?? 0) + (entry.foreground?.length ?? 0)
  );
}

/**
 * Keeps the last few prepared sources so that changing colour, blur, framing or output re-renders without
 * decoding or segmenting again. Bounded by bytes (BACKDROP_RENDER_CACHE_MB, default 160): one 12 MP entry
 * is ~84 MB, a 1024 px one ~5 MB.
 */
export class SourceCache {
  private readonly entries = new Map<string, PreparedSource>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): PreparedSource | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: PreparedSource): void {
    this.delete(key);
    const size = sizeOf(entry);
    if (size > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(value);
    }
  }

  delete(key: string): void {
    const existing = this.entries.get(key);
    if (!existing) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(existing);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

export const sourceCache = new SourceCache(Number(process.env.BACKDROP_RENDER_CACHE_MB ?? 160) * 1024 * 1024);
