import sharp from 'sharp';
import type { Rect } from '../render/mask-ops.ts';
import { seededRandom } from '../render/studio.ts';
import { growRect } from '../segmentation/subject-box.ts';
import { backdropSvg, palette, type BackdropKind } from './synthetic-products.ts';
import { PRODUCT_KINDS, productArt, type ProductKind } from './synthetic-shapes.ts';

/**
 * Cluttered table-top scenes with the exact mask of ONE subject among other products: the cases where a
 * salient-object model fails (it keeps the neighbours, the plate, or the object in front). Every object is
 * rendered alone on a transparent canvas and composited in JS, so the subject's ground truth is its own
 * alpha times what the objects in front of it leave visible, with no guessing.
 */
export type SceneLayout = 'row' | 'pile' | 'plate' | 'same-kind' | 'small';
const SCENE_LAYOUTS: SceneLayout[] = ['row', 'pile', 'plate', 'same-kind', 'small'];

export interface SceneSpec {
  layout: SceneLayout;
  backdrop: BackdropKind;
  seed: number;
  width: number;
  height: number;
}

export interface ScenePhoto {
  name: string;
  spec: SceneSpec;
  /** Interleaved RGB bytes. */
  image: Buffer;
  /** width·height bytes, 0..255: the subject's visible alpha only. */
  mask: Buffer;
  width: number;
  height: number;
}

interface Placed {
  kind: ProductKind;
  /** Height of the 1000-unit art box as a fraction of the shorter side. */
  size: number;
  /** Centre of the footprint, as fractions of width and height. */
  cx: number;
  floor: number;
  role: 'back' | 'subject' | 'front';
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function otherKind(random: () => number, not: ProductKind): ProductKind {
  const kinds = PRODUCT_KINDS.filter((k) => k !== not && k !== 'glass');
  return pick(random, kinds);
}

/** Where the subject and its neighbours stand; `jitter` keeps scenes of one layout from repeating. */
function layoutObjects(layout: SceneLayout, random: () => number): Placed[] {
  const jitter = (v: number, by: number) => v + (random() - 0.5) * by;
  const subject = pick(random, ['bottle', 'perfume', 'mug', 'box', 'headphones', 'lamp'] as ProductKind[]);
  const s = jitter(0.5, 0.12);
  switch (layout) {
    case 'row': {
      // Products side by side on a shelf; the subject is one of them, its neighbours nearly touch it.
      const at = jitter(0.5, 0.2);
      return [
        { kind: otherKind(random, subject), size: s * 0.9, cx: at - s * 0.72, floor: 0.84, role: 'back' },
        { kind: subject, size: s, cx: at, floor: 0.86, role: 'subject' },
        { kind: otherKind(random, subject), size: s * 0.85, cx: at + s * 0.7, floor: 0.85, role: 'back' },
      ];
    }
    case 'pile':
      // A bigger product behind, a smaller one in front that hides a corner of the subject.
      return [
        { kind: otherKind(random, subject), size: s * 1.3, cx: jitter(0.5, 0.3), floor: 0.7, role: 'back' },
        { kind: subject, size: s, cx: jitter(0.5, 0.15), floor: 0.84, role: 'subject' },
        { kind: otherKind(random, subject), size: s * 0.6, cx: jitter(0.5, 0.5), floor: 0.95, role: 'front' },
      ];
    case 'plate':
      // On a plate with small things beside it (the plate is not the subject).
      return [
        { kind: subject, size: s, cx: jitter(0.5, 0.1), floor: 0.78, role: 'subject' },
        {
          kind: otherKind(random, subject),
          size: s * 0.45,
          cx: jitter(0.18, 0.08),
          floor: 0.86,
          role: 'back',
        },
        {
          kind: otherKind(random, subject),
          size: s * 0.4,
          cx: jitter(0.82, 0.08),
          floor: 0.88,
          role: 'back',
        },
      ];
    case 'same-kind': {
      // The same product in other colours, one in front overlapping it (a bell in front of other bells).
      const at = jitter(0.5, 0.1);
      return [
        { kind: subject, size: s * 0.9, cx: at - s * 0.55, floor: 0.74, role: 'back' },
        { kind: subject, size: s * 0.9, cx: at + s * 0.55, floor: 0.74, role: 'back' },
        { kind: subject, size: s, cx: at, floor: 0.84, role: 'subject' },
        { kind: subject, size: s * 0.8, cx: at + s * 0.6, floor: 0.97, role: 'front' },
      ];
    }
    case 'small':
      // A small product among big ones: its crop is small, so the model sees it upscaled.
      return [
        { kind: otherKind(random, subject), size: s * 1.2, cx: jitter(0.3, 0.1), floor: 0.8, role: 'back' },
        { kind: otherKind(random, subject), size: s * 1.1, cx: jitter(0.72, 0.1), floor: 0.82, role: 'back' },
        { kind: subject, size: s * 0.4, cx: jitter(0.5, 0.1), floor: 0.9, role: 'subject' },
      ];
  }
}

async function renderLayer(svg: string, w: number, h: number): Promise<Buffer> {
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${svg}</svg>`;
  return sharp(Buffer.from(doc)).ensureAlpha().raw().toBuffer();
}

function objectSvg(o: Placed, id: string, random: () => number, w: number, h: number) {
  const art = productArt(o.kind, id, palette(random, false));
  const scale = (o.size * Math.min(w, h)) / 1000;
  const tx = o.cx * w - art.footprint.x * scale;
  const ty = o.floor * h - art.footprint.y * scale;
  const shadow = `<ellipse cx="${o.cx * w}" cy="${o.floor * h}" rx="${art.footprint.halfWidth * scale * 1.1}"
    ry="${Math.max(3, 22 * scale)}" fill="#000" opacity="0.3" filter="url(#sh)"/>`;
  return { svg: `<g transform="translate(${tx} ${ty}) scale(${scale})">${art.svg}</g>`, shadow };
}

function tableSvg(spec: SceneSpec, random: () => number, plate: Placed | undefined): string {
  const { width: w, height: h } = spec;
  const top = Math.round(h * (0.55 + random() * 0.1));
  const hue = Math.round(20 + random() * 25);
  const grain = Array.from({ length: 14 }, (_, i) => {
    const y = top + ((h - top) * (i + random())) / 14;
    return `<path d="M0 ${y} Q${w / 2} ${y + (random() - 0.5) * 20} ${w} ${y}" stroke="hsl(${hue} 35% 28%)"
      stroke-width="${1 + random() * 3}" opacity="0.35" fill="none"/>`;
  }).join('');
  const plateSvg = plate
    ? `<ellipse cx="${plate.cx * w}" cy="${plate.floor * h}" rx="${plate.size * Math.min(w, h) * 0.55}"
        ry="${plate.size * Math.min(w, h) * 0.12}" fill="#f4f2ee" stroke="#d8d4cc" stroke-width="${w / 150}"/>`
    : '';
  return `<rect y="${top}" width="${w}" height="${h - top}" fill="hsl(${hue} 40% 42%)"/>${grain}${plateSvg}`;
}

/** Renders one scene and the subject's exact visible mask. */
export async function renderScene(spec: SceneSpec): Promise<ScenePhoto> {
  const { width: w, height: h } = spec;
  const random = seededRandom(spec.seed * 104729 + SCENE_LAYOUTS.indexOf(spec.layout));
  const objects = layoutObjects(spec.layout, random);
  const drawn = objects.map((o, i) => objectSvg(o, `o${i}`, random, w, h));
  const blur = `<defs><filter id="sh" x="-50%" y="-50%" width="200%" height="200%">
    <feGaussianBlur stdDeviation="${w / 120}"/></filter></defs>`;
  const subject = objects.find((o) => o.role === 'subject')!;
  const table = tableSvg(spec, random, spec.layout === 'plate' ? subject : undefined);
  const backdrop = backdropSvg(spec, random, '').replace(/<\/svg>$/, '');
  const ground = await sharp(
    Buffer.from(`${backdrop}${table}${blur}${drawn.map((d) => d.shadow).join('')}</svg>`),
  )
    .removeAlpha()
    .raw()
    .toBuffer();
  const layers = await Promise.all(drawn.map((d) => renderLayer(d.svg, w, h)));
  // Painter's order: back, subject, front; the subject's truth is what the front layers leave of it.
  const order = objects
    .map((o, i) => ({ o, layer: layers[i]! }))
    .sort((a, b) => rank(a.o.role) - rank(b.o.role));
  const image = Buffer.from(ground);
  const mask = Buffer.alloc(w * h);
  for (const { o, layer } of order) {
    const isSubject = o.role === 'subject';
    for (let i = 0, p = 0, q = 0; i < w * h; i++, p += 4, q += 3) {
      const a = layer[p + 3]!;
      if (a === 0) continue;
      const t = a / 255;
      for (let c = 0; c < 3; c++) image[q + c] = layer[p + c]! * t + image[q + c]! * (1 - t);
      mask[i] = isSubject ? a : Math.round(mask[i]! * (1 - t));
    }
  }
  const noise = 2 + random() * 3;
  for (let q = 0; q < image.length; q += 3) {
    const n = (random() + random() - 1) * noise;
    for (let c = 0; c < 3; c++) image[q + c] = Math.max(0, Math.min(255, image[q + c]! + n));
  }
  return {
    name: `${subject.kind}-${spec.layout}-on-${spec.backdrop}-${spec.seed}`,
    spec,
    image,
    mask,
    width: w,
    height: h,
  };
}

const rank = (role: Placed['role']) => (role === 'back' ? 0 : role === 'subject' ? 1 : 2);

/** A fixed suite cycling the layouts over busy, studio and striped backdrops; sizes vary around `size`. */
export function clutteredSuite(count: number, size = 1024, seed = 1): SceneSpec[] {
  const backdrops: BackdropKind[] = ['busy', 'studio', 'stripes', 'spotlight', 'duotone'];
  return Array.from({ length: count }, (_, i) => ({
    layout: SCENE_LAYOUTS[i % SCENE_LAYOUTS.length]!,
    backdrop: backdrops[Math.floor(i / SCENE_LAYOUTS.length) % backdrops.length]!,
    seed: seed + i,
    width: i % 2 === 0 ? Math.round(size * 1.33) : size,
    height: size,
  }));
}

/** The box a user would draw: the subject's bounds grown by `margin` of its size on each side, clamped. */
export function boxAround(bounds: Rect, width: number, height: number, margin = 0.05): Rect {
  return growRect(bounds, margin, width, height);
}
