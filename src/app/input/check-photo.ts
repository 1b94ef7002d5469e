/**
 * Decides, before any upload, whether the server would take a file: the same three limits the BFF
 * enforces (type sniffed from the bytes, bytes, megapixels), each refusal naming the file, the limit,
 * the actual value and what to do.
 */
import type { UploadLimits } from '../../recipe/api-types.ts';
import { typeLabel, type ImageHeader } from './image-header.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMegapixels(width: number, height: number): string {
  const mp = (width * height) / 1e6;
  return `${mp < 10 ? mp.toFixed(1) : Math.round(mp)} MP`;
}

export function refusalFor(
  file: { name: string; size: number },
  header: ImageHeader | null,
  limits: UploadLimits,
): string | null {
  const name = `“${file.name}”`;
  const accepted = limits.types.map(typeLabel).join(', ');
  if (!header) {
    return `${name} is not an image Backdrop can read. Use a ${accepted} file.`;
  }
  if (!limits.types.includes(header.type)) {
    return `${name} is a ${typeLabel(header.type)} image; the server accepts ${accepted}. Convert it and try again.`;
  }
  if (file.size > limits.maxBytes) {
    return `${name} is ${formatBytes(file.size)}; the server accepts up to ${formatBytes(limits.maxBytes)}. Export a smaller file (lower quality or fewer pixels) and try again.`;
  }
  if (header.width && header.height && (header.width * header.height) / 1e6 > limits.maxMegapixels) {
    return `${name} is ${header.width} × ${header.height} px (${formatMegapixels(header.width, header.height)}); the server accepts up to ${limits.maxMegapixels} MP. Scale it down and try again.`;
  }
  return null;
}
