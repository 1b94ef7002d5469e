import sharp from 'sharp';

export interface DetectedColor {
  rgb: [number, number, number];
  hex: string;
  /** False when no uniform frame was found and white was used, as Deep-Image documents. */
  detected: boolean;
}

const WHITE: DetectedColor = { rgb: [255, 255, 255], hex: '#FFFFFF', detected: false };

/** Share of border samples that must be close to the median for the border to count as a frame. */
const UNIFORM_SHARE = 0.8;
/** Distance in RGB (0..441) within which a sample counts as the frame colour. */
const CLOSE = 28;

export function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Deep-Image `color: "auto"`: find the frame around the object (the plain backdrop of a typical e-commerce
 * shot) and use its colour; fall back to white. Looks at a thin ring along the image border, skipping
 * pixels that belong to the object, and accepts the median colour only if most of the ring agrees with it.
 */
export async function detectFrameColor(
  rgb: Buffer,
  alpha: Buffer | null,
  width: number,
  height: number,
): Promise<DetectedColor> {
  const side = 128;
  const scale = Math.min(1, side / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const small = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(w, h, { fit: 'fill' })
    .raw()
    .toBuffer();
  const smallAlpha = alpha
    ? await sharp(alpha, { raw: { width, height, channels: 1 } })
        .resize(w, h, { fit: 'fill' })
        .toColourspace('b-w')
        .raw()
        .toBuffer()
    : null;
  const ring = Math.max(1, Math.round(Math.min(w, h) * 0.04));
  const samples: [number, number, number][] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const onRing = x < ring || y < ring || x >= w - ring || y >= h - ring;
      if (!onRing) continue;
      const p = y * w + x;
      if (smallAlpha && smallAlpha[p]! > 64) continue;
      samples.push([small[p * 3]!, small[p * 3 + 1]!, small[p * 3 + 2]!]);
    }
  }
  if (samples.length < 8) return WHITE;
  const center: [number, number, number] = [0, 1, 2].map((c) => median(samples.map((s) => s[c]!))) as [
    number,
    number,
    number,
  ];
  const close = samples.filter(
    (s) => Math.hypot(s[0] - center[0], s[1] - center[1], s[2] - center[2]) <= CLOSE,
  );
  if (close.length < samples.length * UNIFORM_SHARE) return WHITE;
  const mean = [0, 1, 2].map((c) => close.reduce((sum, s) => sum + s[c]!, 0) / close.length);
  const rgbOut = mean.map((v) => Math.round(v)) as [number, number, number];
  return { rgb: rgbOut, hex: toHex(rgbOut), detected: true };
}
