/**
 * The subject box: a rectangle around the subject, in the input photo's pixels (EXIF orientation
 * applied), that the local engine segments again at the model's full input size. A Backdrop extension,
 * not part of the Claid or Deep-Image request: it travels beside the request (`subjectBox` form field,
 * `backdrop run --box`), never inside it. Written as `x,y,width,height`.
 */
export interface SubjectBox {
  /** Left edge, px from the photo's left. */
  x: number;
  /** Top edge, px from the photo's top. */
  y: number;
  width: number;
  height: number;
}

/** Smallest side a box may have: below this the crop carries too little for the model to see. */
export const MIN_BOX_SIDE = 8;

export type BoxParse = { ok: true; box: SubjectBox } | { ok: false; message: string };

/**
 * Reads `x,y,width,height` (whole pixels ≥ 0, spaces allowed). The message of a failure names what is
 * wrong and shows the expected form; the caller adds the field name.
 */
export function parseSubjectBox(text: string): BoxParse {
  const parts = text.split(',').map((part) => part.trim());
  const form = 'write it as x,y,width,height in photo pixels, e.g. 120,80,640,900';
  if (parts.length !== 4) return { ok: false, message: `has ${parts.length} number(s); ${form}.` };
  const numbers = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
  const bad = numbers.findIndex((n) => !Number.isSafeInteger(n));
  if (bad >= 0) {
    const name = ['x', 'y', 'width', 'height'][bad];
    return {
      ok: false,
      message: `has ${name} "${parts[bad]!.slice(0, 20)}", not a whole number ≥ 0; ${form}.`,
    };
  }
  const [x, y, width, height] = numbers as [number, number, number, number];
  if (width < MIN_BOX_SIDE || height < MIN_BOX_SIDE) {
    return {
      ok: false,
      message: `is ${width}×${height}; a box needs at least ${MIN_BOX_SIDE}×${MIN_BOX_SIDE} px.`,
    };
  }
  return { ok: true, box: { x, y, width, height } };
}

export function formatSubjectBox(box: SubjectBox): string {
  return `${box.x},${box.y},${box.width},${box.height}`;
}

/** Null when the box lies inside a width×height photo, else why not (for the caller's error message). */
export function boxOutsidePhoto(box: SubjectBox, width: number, height: number): string | null {
  if (box.x + box.width <= width && box.y + box.height <= height) return null;
  return `reaches ${box.x + box.width}×${box.y + box.height}, past the photo's ${width}×${height} (orientation applied)`;
}
