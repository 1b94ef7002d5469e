import sharp from 'sharp';
import { seededRandom } from '../render/studio.ts';
import { PRODUCT_KINDS, productArt, type Palette, type ProductKind } from './synthetic-shapes.ts';

/**
 * Product-like photos with their exact masks, deterministic by seed. The object is rendered alone on a
 * transparent canvas, so its alpha (anti-aliasing, semi-transparent glass included) IS the ground truth;
 * the photo is then composited in JS with exactly that alpha over a studio backdrop (gradient, soft
 * contact shadow, a little sensor noise), so mask and photo can never disagree.
 */
export type BackdropKind = 'studio' | 'spotlight' | 'white' | 'stripes' | 'busy' | 'duotone';
export const BACKDROP_KINDS: BackdropKind[] = ['studio', 'spotlight', 'white', 'stripes', 'busy', 'duotone'];

export interface SyntheticSpec {
  kind: ProductKind;
  backdrop: BackdropKind;
  seed: number;
  width: number;
  height: number;
  /** Light grey/white object, for the white-on-white case. */
  whiteObject?: boolean;
}

export interface SyntheticPhoto {
  name: string;
  spec: SyntheticSpec;
  /** Interleaved RGB bytes. */
  image: Buffer;
  /** width·height bytes, 0..255: the exact foreground alpha. */
  mask: Buffer;
  width: number;
  height: number;
}

const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h)} ${Math.round(s)}% ${Math.round(l)}%)`;

export function palette(random: () => number, white: boolean): Palette {
  if (white) return { main: '#f2f2f0', dark: '#d9d9d6', light: '#ffffff', accent: '#e6e6e3' };
  const hue = random() * 360;
  return {
    main: hsl(hue, 55 + random() * 30, 45 + random() * 10),
    dark: hsl(hue, 60, 22 + random() * 10),
    light: hsl(hue, 70, 72 + random() * 12),
    accent: hsl((hue + 150 + random() * 60) % 360, 70, 55),
  };
}

export function backdropSvg(
  spec: Pick<SyntheticSpec, 'width' | 'height' | 'backdrop'>,
  random: () => number,
  shadow: string,
): string {
  const { width: w, height: h } = spec;
  const hue = random() * 360;
  const horizon = Math.round(h * (0.55 + random() * 0.15));
  const wall = hsl(hue, 12 + random() * 20, 82 + random() * 10);
  const floor = hsl(hue, 10 + random() * 15, 70 + random() * 10);
  let body: string;
  switch (spec.backdrop) {
    case 'studio':
      body = `<defs><linearGradient id="bg" x1="0" x2="0" y1="0" y2="1"><stop offset="0" stop-color="${wall}"/>
        <stop offset="${horizon / h}" stop-color="${floor}"/><stop offset="1" stop-color="${wall}"/></linearGradient></defs>
        <rect width="${w}" height="${h}" fill="url(#bg)"/>`;
      break;
    case 'spotlight':
      body = `<defs><radialGradient id="bg" cx="0.5" cy="0.45" r="0.75"><stop offset="0" stop-color="${wall}"/>
        <stop offset="1" stop-color="${hsl(hue, 25, 30 + random() * 15)}"/></radialGradient></defs>
        <rect width="${w}" height="${h}" fill="url(#bg)"/>`;
      break;
    case 'white':
      body = `<defs><linearGradient id="bg" x1="0" x2="0" y1="0" y2="1"><stop offset="0" stop-color="#ffffff"/>
        <stop offset="1" stop-color="#f1f1ef"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#bg)"/>`;
      break;
    case 'stripes': {
      const step = Math.round(w / (14 + random() * 20));
      body = `<defs><pattern id="st" width="${step * 2}" height="${h}" patternUnits="userSpaceOnUse"
        patternTransform="rotate(${Math.round(random() * 40 - 20)})"><rect width="${step}" height="${h}" fill="${wall}"/>
        <rect x="${step}" width="${step}" height="${h}" fill="${floor}"/></pattern></defs>
        <rect width="${w}" height="${h}" fill="url(#st)"/>`;
      break;
    }
    case 'busy': {
      const blobs = Array.from({ length: 60 }, () => {
        const r = (0.02 + random() * 0.09) * w;
        return `<circle cx="${random() * w}" cy="${random() * h}" r="${r}" fill="${hsl(random() * 360, 50, 40 + random() * 45)}"
          opacity="${0.35 + random() * 0.5}"/>`;
      }).join('');
      body = `<rect width="${w}" height="${h}" fill="${hsl(hue, 20, 55)}"/><g filter="url(#soft)">${blobs}</g>
        <defs><filter id="soft"><feGaussianBlur stdDeviation="${w / 300}"/></filter></defs>`;
      break;
    }
    case 'duotone':
      body = `<rect width="${w}" height="${horizon}" fill="${hsl(hue, 45, 60)}"/>
        <rect y="${horizon}" width="${w}" height="${h - horizon}" fill="${hsl((hue + 40) % 360, 40, 45)}"/>`;
      break;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${body}${shadow}</svg>`;
}

/** Renders one photo and its exact mask. */
export async function renderSynthetic(spec: SyntheticSpec): Promise<SyntheticPhoto> {
  const { width: w, height: h, kind } = spec;
  const random = seededRandom(spec.seed * 7919 + PRODUCT_KINDS.indexOf(kind));
  const colors = palette(random, spec.whiteObject ?? false);
  const artwork = productArt(kind, 'p', colors);
  const scale = (Math.min(w, h) * (0.55 + random() * 0.3)) / 1000;
  const tx = w / 2 - 500 * scale + (random() - 0.5) * w * 0.15;
  const ty = h / 2 - 500 * scale + (random() - 0.2) * h * 0.08;
  const fp = artwork.footprint;
  const shadowBlur = Math.max(2, 18 * scale);
  const shadow = `<defs><filter id="sh" x="-50%" y="-50%" width="200%" height="200%">
      <feGaussianBlur stdDeviation="${shadowBlur}"/></filter></defs>
    <ellipse cx="${tx + fp.x * scale}" cy="${ty + fp.y * scale}" rx="${fp.halfWidth * scale * 1.1}"
      ry="${Math.max(4, 26 * scale)}" fill="#000" opacity="${0.25 + random() * 0.2}" filter="url(#sh)"/>`;
  const background = await sharp(Buffer.from(backdropSvg(spec, random, shadow)))
    .removeAlpha()
    .raw()
    .toBuffer();
  const objectSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <g transform="translate(${tx} ${ty}) scale(${scale})">${artwork.svg}</g></svg>`;
  const object = await sharp(Buffer.from(objectSvg)).ensureAlpha().raw().toBuffer();
  const image = Buffer.allocUnsafe(w * h * 3);
  const mask = Buffer.allocUnsafe(w * h);
  const noise = 2 + random() * 3;
  for (let i = 0, o = 0, b = 0; i < w * h; i++, o += 4, b += 3) {
    const a = object[o + 3]!;
    mask[i] = a;
    const t = a / 255;
    // Sensor-like noise, the same on object and backdrop, so it never gives the mask away.
    const n = (random() + random() - 1) * noise;
    for (let c = 0; c < 3; c++) {
      const v = object[o + c]! * t + background[b + c]! * (1 - t) + n;
      image[b + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  const name = `${spec.whiteObject ? 'white-' : ''}${kind}-on-${spec.backdrop}-${spec.seed}`;
  return { name, spec, image, mask, width: w, height: h };
}

/**
 * A fixed suite: every product on a rotating backdrop, then the hard cases (white-on-white, glass on
 * busy, thin lamp on stripes, holes on busy). Sizes vary around `size` so aspect ratios differ.
 */
export function syntheticSuite(count: number, size = 1024, seed = 1): SyntheticSpec[] {
  const hard: Omit<SyntheticSpec, 'seed' | 'width' | 'height'>[] = [
    { kind: 'bottle', backdrop: 'white', whiteObject: true },
    { kind: 'box', backdrop: 'white', whiteObject: true },
    { kind: 'glass', backdrop: 'busy' },
    { kind: 'glass', backdrop: 'white' },
    { kind: 'lamp', backdrop: 'stripes' },
    { kind: 'scissors', backdrop: 'busy' },
    { kind: 'ring', backdrop: 'stripes' },
    { kind: 'headphones', backdrop: 'busy' },
  ];
  const specs: SyntheticSpec[] = [];
  for (let i = 0; specs.length < count; i++) {
    const base =
      i < PRODUCT_KINDS.length
        ? { kind: PRODUCT_KINDS[i]!, backdrop: BACKDROP_KINDS[i % BACKDROP_KINDS.length]! }
        : hard[(i - PRODUCT_KINDS.length) % hard.length]!;
    const landscape = i % 3 === 0;
    const portrait = i % 3 === 1;
    const width = landscape ? Math.round(size * 1.33) : size;
    const height = portrait ? Math.round(size * 1.25) : size;
    specs.push({ ...base, seed: seed + i, width, height });
  }
  return specs;
}
