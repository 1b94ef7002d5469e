/**
 * Synthetic photos, exact masks and plans for the renderer's tests: a known subject on a known background,
 * so every assertion can name the pixel value it expects.
 */
import sharp from 'sharp';
import type { Plan } from '../../recipe/index.ts';
import type { Segmenter } from '../run-plan.ts';
import type { Rect } from './mask-ops.ts';

export const BG: [number, number, number] = [32, 64, 192];
export const SUBJECT: [number, number, number] = [220, 30, 30];

export interface Synthetic {
  rgb: Buffer;
  alpha: Buffer;
  width: number;
  height: number;
  subject: Rect;
}

/** A red rectangle on blue; `stripes` paints the background with vertical stripes (to see a blur work). */
export function syntheticPhoto(
  width = 200,
  height = 160,
  subject: Rect = { left: 70, top: 40, width: 60, height: 80 },
  stripes = false,
): Synthetic {
  const rgb = Buffer.alloc(width * height * 3);
  const alpha = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const inside =
        x >= subject.left &&
        x < subject.left + subject.width &&
        y >= subject.top &&
        y < subject.top + subject.height;
      const stripe = stripes && Math.floor(x / 4) % 2 === 0;
      const color = inside ? SUBJECT : stripe ? [240, 240, 60] : BG;
      rgb[p * 3] = color[0]!;
      rgb[p * 3 + 1] = color[1]!;
      rgb[p * 3 + 2] = color[2]!;
      alpha[p] = inside ? 255 : 0;
    }
  }
  return { rgb, alpha, width, height, subject };
}

export function encodePhoto(
  photo: Synthetic,
  format: 'png' | 'jpeg' = 'png',
  orientation?: number,
): Promise<Buffer> {
  let pipeline = sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } });
  pipeline = format === 'png' ? pipeline.png() : pipeline.jpeg({ quality: 95, chromaSubsampling: '4:4:4' });
  if (orientation) pipeline = pipeline.withMetadata({ orientation });
  return pipeline.toBuffer();
}

/** A segmenter that returns the exact mask (the one whose pixels differ from the background colour). */
export function exactSegmenter(calls = { segment: 0, foreground: 0 }): Segmenter & { calls: typeof calls } {
  return {
    calls,
    async segment(image) {
      calls.segment++;
      const alpha = Buffer.alloc(image.width * image.height);
      for (let p = 0; p < alpha.length; p++) {
        const i = p * image.channels;
        const r = image.data[i]!;
        const g = image.data[i + 1]!;
        alpha[p] = r > 150 && g < 100 ? 255 : 0;
      }
      return { alpha, width: image.width, height: image.height, modelId: 'exact-test-mask' };
    },
    async estimateForeground(image) {
      calls.foreground++;
      return image.data;
    },
    modelId: () => 'exact-test-mask',
  };
}

export function makePlan(
  overrides: Omit<Partial<Plan>, 'frame'> & { frame?: Partial<Plan['frame']> } = {},
): Plan {
  return {
    subject: { hint: 'general' },
    background: { kind: 'color', hex: '#FFFFFF' },
    output: { format: 'png' },
    notes: [],
    ...overrides,
    frame: {
      cropToSubject: false,
      fit: 'crop',
      cropGravity: 'center',
      unsizedTarget: 'input',
      ...overrides.frame,
    },
  };
}

export async function rawPixels(image: Buffer) {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [
    ...data.subarray((y * info.width + x) * info.channels, (y * info.width + x + 1) * info.channels),
  ];
  return { data, info, at };
}
