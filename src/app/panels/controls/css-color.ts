/**
 * Colours as designers type them, made into the "#RRGGBB" both dialects expect: six or three hex digits
 * with or without "#", or any opaque CSS colour (names like "red" or "rebeccapurple", rgb(), hsl()).
 * The browser's own CSS parser reads the latter (a 2D canvas normalises fillStyle to #rrggbb), so the
 * bundle carries no colour table.
 */
const HEX6 = /^#?([0-9a-f]{6})$/i;
const HEX3 = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/i;

let context: CanvasRenderingContext2D | null | undefined;

function browserColor(text: string): string | null {
  if (typeof CSS === 'undefined' || !CSS.supports('color', text)) return null;
  context ??= typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return null;
  context.fillStyle = '#000000';
  context.fillStyle = text;
  const normal = String(context.fillStyle);
  // Colours with transparency come back as rgba(): not a background colour the providers accept.
  return HEX6.test(normal) ? normal.toUpperCase() : null;
}

/** "#RRGGBB" (upper case) for a colour typed in any of the forms above; null when it is not one. */
export function parseColor(input: string): string | null {
  const text = input.trim();
  const six = HEX6.exec(text);
  if (six) return `#${six[1]!.toUpperCase()}`;
  const three = HEX3.exec(text);
  if (three)
    return `#${three
      .slice(1)
      .map((d) => d + d)
      .join('')
      .toUpperCase()}`;
  return text === '' ? null : browserColor(text);
}

/** Why a typed colour was not taken, in words that say what would be. */
export function colorProblem(input: string): string {
  const text = input.trim();
  const digits = text.replace(/^#/, '');
  const hexish = /^[0-9a-f]*$/i.test(digits);
  const what = hexish
    ? `“${text}” has ${digits.length} hex digit${digits.length === 1 ? '' : 's'}; a colour needs 6 (like #1A2B3C) or 3 (like #1AB).`
    : `“${text}” is not a colour this browser knows.`;
  return `${what} Names like red or navy work too.`;
}
