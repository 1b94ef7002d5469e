/** Conversions between request values and plan values that both dialects share. */
import type { Json } from './types.ts';
import type { Length, Rgb } from './plan.ts';

/** 300 → {px: 300}; "50%" → {percent: 50}; anything else → undefined. */
export function toLength(value: Json | undefined): Length | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return { px: value };
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
    if (match) return { percent: Number(match[1]) };
    const px = /^(\d+)(?:px)?$/.exec(value.trim());
    if (px) return { px: Number(px[1]) };
  }
  return undefined;
}

export function fromLength(length: Length): number | string {
  return 'px' in length ? Math.round(length.px) : `${trimNumber(length.percent)}%`;
}

export function trimNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export type Sides<T> = { top: T; right: T; bottom: T; left: T };

/** CSS shorthand: 1 value = all sides, 2 = vertical horizontal, 3 = top horizontal bottom, 4 = clockwise. */
export function expandSides<T>(values: T[]): Sides<T> | undefined {
  const [a, b, c, d] = values;
  if (a === undefined) return undefined;
  if (values.length === 1) return { top: a, right: a, bottom: a, left: a };
  if (values.length === 2) return { top: a, right: b!, bottom: a, left: b! };
  if (values.length === 3) return { top: a, right: b!, bottom: c!, left: b! };
  if (values.length === 4) return { top: a, right: b!, bottom: c!, left: d! };
  return undefined;
}

export function collapseSides(sides: Sides<string>): string {
  const { top, right, bottom, left } = sides;
  if (top === right && right === bottom && bottom === left) return top;
  if (top === bottom && left === right) return `${top} ${right}`;
  if (left === right) return `${top} ${right} ${bottom}`;
  return `${top} ${right} ${bottom} ${left}`;
}

export function upperHex(hex: string): string {
  return hex.toUpperCase();
}

export function rgbToHex(rgb: Rgb): string {
  return (
    '#' +
    rgb
      .map((channel) => Math.round(channel).toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase()
  );
}

export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export function lengthEquals(a: Length, b: Length): boolean {
  return 'px' in a ? 'px' in b && a.px === b.px : 'percent' in b && a.percent === b.percent;
}
