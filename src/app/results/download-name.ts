/** `<photo-name>-backdrop.<ext>`: the photo's name without its extension, made safe for any OS. */
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

export function extensionFor(typeOrFormat: string | undefined): string {
  return (typeOrFormat && EXT[typeOrFormat.toLowerCase()]) || 'png';
}

export function downloadName(
  photoName: string,
  typeOrFormat: string | undefined,
  suffix = 'backdrop',
): string {
  const base =
    photoName
      .replace(/\.[a-z0-9]{1,5}$/i, '')
      .replace(/[\\/:*?"<>|]+/g, '-')
      .split('')
      .filter((c) => c.charCodeAt(0) >= 32)
      .join('')
      .replace(/\s+/g, ' ')
      // Trailing separators would double up with "-backdrop"; leading dots make hidden files.
      .replace(/^[\s.-]+|[\s.-]+$/g, '')
      .slice(0, 120) || 'photo';
  return `${base}-${suffix}.${extensionFor(typeOrFormat)}`;
}
