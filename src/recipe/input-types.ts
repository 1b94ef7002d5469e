/**
 * The one sentence that refuses a photo in a format the chosen executor cannot take, shared by the
 * editor (before any upload), the BFF's upload guard and the command line, so all three say the same.
 */

export interface TypeRefusalInput {
  /** How to name the photo: `“IMG_0042.heic”`, `The image`. */
  subject: string;
  /** Short name of the format, e.g. `HEIC`. */
  typeLabel: string;
  /** Who cannot take it and, if known, why, e.g. `the local engine cannot decode it on this server`. */
  cannot: string;
  /** Other executors that take this type; `available: false` when they need setting up first. */
  alternatives: { label: string; available: boolean }[];
  /** How to reach the alternatives when not from here, e.g. ` through the server (npm start)`. */
  via?: string;
}

const list = (labels: string[]) =>
  labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;

/** Where an iPhone keeps the switch that makes it save JPEG instead of HEIC. */
const EXPORT_TIPS: Record<string, string> = {
  HEIC: ' (on an iPhone: Settings › Camera › Formats › Most Compatible)',
};

/**
 * E.g. “IMG_0042.heic” is HEIC, which the local engine cannot decode on this server. Export it as JPEG or
 * PNG (on an iPhone: …), or run it on Claid or Deep-Image, which accept HEIC (each needs its API key set
 * on the server).
 */
export function typeRefusal({
  subject,
  typeLabel,
  cannot,
  alternatives,
  via = '',
}: TypeRefusalInput): string {
  const exportIt = `Export it as JPEG or PNG${EXPORT_TIPS[typeLabel] ?? ''}`;
  const ready = alternatives.filter((a) => a.available).map((a) => a.label);
  const later = alternatives.filter((a) => !a.available).map((a) => a.label);
  let instead = '';
  if (ready.length > 0) {
    instead = `, or run it on ${list(ready)}${via}, which ${ready.length > 1 ? 'accept' : 'accepts'} ${typeLabel}`;
  } else if (later.length > 0) {
    const needs = later.length > 1 ? 'each needs its API key' : 'it needs an API key';
    instead = `, or run it on ${list(later)}${via}, which ${later.length > 1 ? 'accept' : 'accepts'} ${typeLabel} (${needs} set on the server)`;
  }
  return `${subject} is ${typeLabel}, which ${cannot}. ${exportIt}${instead}.`;
}
