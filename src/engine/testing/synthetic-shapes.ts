/**
 * Product-like objects as SVG, drawn in a local 1000×1000 box. Each returns its markup (gradients
 * included, ids prefixed so several can share a document) and its footprint on the floor, which the
 * backdrop uses for the contact shadow. Shading is all gradients: no text, no external resources.
 */
export interface Palette {
  main: string;
  dark: string;
  light: string;
  accent: string;
}

export interface ShapeArt {
  svg: string;
  /** Floor contact in local units: centre x, y and half-width. */
  footprint: { x: number; y: number; halfWidth: number };
}

export type ProductKind =
  'bottle' | 'perfume' | 'mug' | 'sneaker' | 'box' | 'headphones' | 'glass' | 'lamp' | 'ring' | 'scissors';

export const PRODUCT_KINDS: ProductKind[] = [
  'bottle',
  'perfume',
  'mug',
  'sneaker',
  'box',
  'headphones',
  'glass',
  'lamp',
  'ring',
  'scissors',
];

const sideShade = (id: string, p: Palette) =>
  `<linearGradient id="${id}" x1="0" x2="1" y1="0" y2="0">
    <stop offset="0" stop-color="${p.dark}"/><stop offset="0.3" stop-color="${p.light}"/>
    <stop offset="0.55" stop-color="${p.main}"/><stop offset="1" stop-color="${p.dark}"/></linearGradient>`;

const metal = (id: string) =>
  `<linearGradient id="${id}" x1="0" x2="1"><stop offset="0" stop-color="#6b5a2e"/>
    <stop offset="0.4" stop-color="#f3e2a0"/><stop offset="1" stop-color="#8a7235"/></linearGradient>`;

const art: Record<ProductKind, (id: string, p: Palette) => ShapeArt> = {
  bottle: (id, p) => ({
    svg: `<defs>${sideShade(`${id}s`, p)}${metal(`${id}m`)}</defs>
      <path d="M380 330 Q380 260 440 230 L440 150 L560 150 L560 230 Q620 260 620 330 L620 900 Q620 940 580 940
        L420 940 Q380 940 380 900 Z" fill="url(#${id}s)"/>
      <rect x="430" y="80" width="140" height="90" rx="12" fill="url(#${id}m)"/>
      <rect x="395" y="520" width="210" height="220" fill="${p.accent}" opacity="0.9"/>`,
    footprint: { x: 500, y: 940, halfWidth: 120 },
  }),
  perfume: (id, p) => ({
    svg: `<defs>${metal(`${id}m`)}<linearGradient id="${id}g" x1="0" x2="1" y1="0" y2="1">
        <stop offset="0" stop-color="${p.light}" stop-opacity="0.75"/>
        <stop offset="1" stop-color="${p.main}" stop-opacity="0.9"/></linearGradient></defs>
      <path d="M300 420 L700 420 L740 520 L740 900 L700 940 L300 940 L260 900 L260 520 Z" fill="url(#${id}g)"/>
      <path d="M320 470 L680 470 L700 530 L700 880 L320 880 L300 530 Z" fill="${p.dark}" opacity="0.35"/>
      <rect x="450" y="330" width="100" height="90" fill="url(#${id}m)"/>
      <rect x="400" y="190" width="200" height="140" rx="20" fill="url(#${id}m)"/>`,
    footprint: { x: 500, y: 940, halfWidth: 240 },
  }),
  mug: (id, p) => ({
    // The handle is a ring (even-odd), so the photo shows background through it: a hole in the mask.
    svg: `<defs>${sideShade(`${id}s`, p)}</defs>
      <path fill-rule="evenodd" fill="${p.dark}" d="M660 430 C880 410 900 760 640 760 L640 690 C800 690 800 500 660 500 Z"/>
      <path d="M260 380 L680 380 L660 900 Q660 930 620 930 L320 930 Q280 930 280 900 Z" fill="url(#${id}s)"/>
      <ellipse cx="470" cy="380" rx="210" ry="34" fill="${p.dark}"/>
      <ellipse cx="470" cy="384" rx="190" ry="24" fill="#3b2a20"/>`,
    footprint: { x: 470, y: 930, halfWidth: 200 },
  }),
  sneaker: (id, p) => ({
    svg: `<defs>${sideShade(`${id}s`, p)}</defs>
      <path d="M120 700 Q130 560 260 520 L420 470 Q470 420 520 470 L640 560 Q780 600 860 640 Q920 680 900 760
        L140 760 Q110 740 120 700 Z" fill="url(#${id}s)"/>
      <path d="M110 750 L910 750 Q920 800 880 810 L150 810 Q100 800 110 750 Z" fill="#f4f4f0"/>
      <path d="M110 790 L905 790" stroke="${p.dark}" stroke-width="10"/>
      <g stroke="${p.light}" stroke-width="9" stroke-linecap="round">
        <path d="M430 500 L520 560"/><path d="M470 480 L560 540"/><path d="M400 530 L490 590"/>
        <path d="M520 470 Q560 390 610 420" fill="none"/></g>
      <path d="M300 620 Q500 600 700 690" stroke="${p.accent}" stroke-width="26" fill="none"/>`,
    footprint: { x: 510, y: 810, halfWidth: 400 },
  }),
  box: (id, p) => ({
    svg: `<path d="M220 360 L520 260 L800 360 L500 470 Z" fill="${p.light}"/>
      <path d="M220 360 L500 470 L500 900 L220 780 Z" fill="${p.main}"/>
      <path d="M500 470 L800 360 L800 780 L500 900 Z" fill="${p.dark}"/>
      <path d="M330 420 L330 820" stroke="${p.accent}" stroke-width="22"/>
      <path d="M360 310 L660 415" stroke="${p.accent}" stroke-width="22"/>`,
    footprint: { x: 510, y: 860, halfWidth: 300 },
  }),
  headphones: (id, p) => ({
    svg: `<defs>${sideShade(`${id}s`, p)}</defs>
      <path d="M240 640 L240 470 C240 170 760 170 760 470 L760 640 L720 640 L720 470 C720 230 280 230 280 470
        L280 640 Z" fill="${p.dark}"/>
      <rect x="170" y="560" width="150" height="290" rx="60" fill="url(#${id}s)"/>
      <rect x="680" y="560" width="150" height="290" rx="60" fill="url(#${id}s)"/>
      <rect x="205" y="600" width="40" height="210" rx="18" fill="${p.accent}"/>
      <rect x="755" y="600" width="40" height="210" rx="18" fill="${p.accent}"/>`,
    footprint: { x: 500, y: 850, halfWidth: 330 },
  }),
  glass: (id, p) => ({
    // A wine glass: a semi-transparent bowl (fractional alpha in the mask) on a thin stem.
    svg: `<defs><linearGradient id="${id}g" x1="0" x2="1"><stop offset="0" stop-color="#ffffff" stop-opacity="0.55"/>
        <stop offset="0.5" stop-color="${p.light}" stop-opacity="0.25"/><stop offset="1" stop-color="#ffffff"
        stop-opacity="0.6"/></linearGradient></defs>
      <path d="M340 150 L660 150 Q690 420 520 540 L480 540 Q310 420 340 150 Z" fill="url(#${id}g)"
        stroke="#ffffff" stroke-opacity="0.8" stroke-width="6"/>
      <path d="M350 330 Q500 360 652 330 Q630 470 520 535 L480 535 Q370 470 350 330 Z" fill="${p.main}" opacity="0.85"/>
      <rect x="490" y="540" width="20" height="320" fill="#ffffff" opacity="0.7"/>
      <ellipse cx="500" cy="870" rx="150" ry="26" fill="#ffffff" opacity="0.6"/>`,
    footprint: { x: 500, y: 880, halfWidth: 150 },
  }),
  lamp: (id, p) => ({
    // Thin parts: a 14-unit pole and a thin arm, hard for a 1024² model on a large photo.
    svg: `<defs>${sideShade(`${id}s`, p)}</defs>
      <ellipse cx="420" cy="900" rx="170" ry="36" fill="${p.dark}"/>
      <rect x="413" y="300" width="14" height="600" fill="#2f2f33"/>
      <path d="M420 300 L640 200" stroke="#2f2f33" stroke-width="12"/>
      <path d="M560 200 L720 200 L800 380 L480 380 Z" fill="url(#${id}s)"/>`,
    footprint: { x: 420, y: 920, halfWidth: 170 },
  }),
  ring: (id, p) => ({
    svg: `<defs>${metal(`${id}m`)}</defs>
      <path fill-rule="evenodd" fill="url(#${id}m)" d="M500 260 A280 280 0 1 1 499.9 260 Z M500 330 A210 210 0 1 0 500.1 330 Z"/>
      <circle cx="500" cy="250" r="70" fill="${p.light}" stroke="${p.main}" stroke-width="10"/>`,
    footprint: { x: 500, y: 820, halfWidth: 200 },
  }),
  scissors: (id, p) => ({
    svg: `<defs>${metal(`${id}m`)}</defs>
      <path d="M480 520 L520 110 L545 120 L530 540 Z" fill="#c9ccd2"/>
      <path d="M520 520 L450 110 L475 100 L560 540 Z" fill="#dfe2e6"/>
      <circle cx="380" cy="770" r="95" fill="none" stroke="${p.main}" stroke-width="50"/>
      <circle cx="620" cy="770" r="95" fill="none" stroke="${p.main}" stroke-width="50"/>
      <path d="M400 650 L500 520 L600 650" stroke="${p.main}" stroke-width="40" fill="none"/>
      <circle cx="510" cy="535" r="18" fill="url(#${id}m)"/>`,
    footprint: { x: 500, y: 890, halfWidth: 240 },
  }),
};

export function productArt(kind: ProductKind, id: string, palette: Palette): ShapeArt {
  return art[kind](id, palette);
}
