/**
 * The names results are saved under, the same in the browser (Download) and on the server (the stored
 * result and preview): `<photo-name>-<suffix>.<ext>`, the photo's name without its extension and a
 * suffix (a result's label, see labelSuffix; "backdrop" when none), both made safe for any OS.
 */
const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/tiff': 'tiff',
  png: 'png',
  jpeg: 'jpg',
  jpg: 'jpg',
  webp: 'webp',
  avif: 'avif',
  tiff: 'tiff',
};

/** File extension of a MIME type or output format (`image/jpeg`, `jpeg` → `jpg`); png when unknown. */
export function extensionFor(typeOrFormat: string | undefined): string {
  return (typeOrFormat && EXT[typeOrFormat.toLowerCase()]) || 'png';
}

/** A name without the characters Windows, macOS or Linux refuse in file names, nor control characters. */
function osSafe(name: string, max: number): string {
  return (
    name
      .replace(/[\\/:*?"<>|]+/g, '-')
      .split('')
      .filter((c) => c.charCodeAt(0) >= 32)
      .join('')
      .replace(/\s+/g, ' ')
      // Trailing separators would double up with the suffix's "-"; leading dots make hidden files.
      .replace(/^[\s.-]+|[\s.-]+$/g, '')
      .slice(0, max)
  );
}

/**
 * A result's label as a file-name suffix: a summary ("Blur · Lens · High") becomes "blur-lens-high"; a
 * name the user typed keeps its words and case ("Hero shot v2"), only made safe. Empty → "backdrop".
 */
export function labelSuffix(label: string, userNamed: boolean): string {
  const words = userNamed
    ? label
    : label
        .toLowerCase()
        .replace(/[“”"#]/g, '')
        .replace(/[^\p{L}\p{N}%.]+/gu, '-');
  return osSafe(words, 60).replace(/^-+|-+$/g, '') || 'backdrop';
}

/**
 * `mug.jpg` + `image/png` → `mug-backdrop.png`. `typeOrFormat` is a MIME type or an output format
 * (png when unknown); the name keeps at most 120 characters of the photo's and is never empty ("photo").
 */
export function downloadName(
  photoName: string,
  typeOrFormat: string | undefined,
  suffix = 'backdrop',
): string {
  const base = osSafe(photoName.replace(/\.[a-z0-9]{1,5}$/i, ''), 120) || 'photo';
  const ext = extensionFor(typeOrFormat);
  // A label ending in the format ("…-png") would say it twice: the extension already does.
  const named = ext === 'jpg' ? ['jpg', 'jpeg'] : [ext];
  const same = named.find((f) => suffix.toLowerCase() === f || suffix.toLowerCase().endsWith(`-${f}`));
  const trimmed = same ? suffix.slice(0, -same.length).replace(/[-\s]+$/, '') : suffix;
  return `${base}-${trimmed || 'backdrop'}.${ext}`;
}
