/**
 * Decides, before any upload, whether the server would take a file: the same three limits the BFF
 * enforces (type sniffed from the bytes, bytes, megapixels), each refusal naming the file, the limit,
 * the actual value and what to do.
 */
import type { ExecutorInfo, UploadLimits } from '../../recipe/api-types.ts';
import { typeRefusal } from '../../recipe/input-types.ts';
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

/** Completes "HEIC, which …" for an executor that does not take a type. */
function cannotTake(executor: ExecutorInfo): string {
  return executor.id === 'local'
    ? 'the local engine cannot decode on this server'
    : `${executor.label} does not take it`;
}

/**
 * Why `executor` cannot run a photo of type `mime`, naming the executors that could; null when it can.
 * The same sentence the server's upload guard and the CLI use (recipe typeRefusal).
 */
export function typeRefusalFor(
  subject: string,
  mime: string,
  executor: ExecutorInfo,
  executors: ExecutorInfo[],
): string | null {
  if (executor.inputTypes.includes(mime)) return null;
  return typeRefusal({
    subject,
    typeLabel: typeLabel(mime),
    cannot: cannotTake(executor),
    alternatives: executors
      .filter((other) => other.id !== executor.id && other.inputTypes.includes(mime))
      .map((other) => ({ label: other.label, available: other.available })),
  });
}

/**
 * Whether the server would take a file at all. A type that only an unavailable executor takes (HEIC on a
 * server without provider keys) is refused here, saying which executor would take it; a type some
 * available executor takes is let in, and Run says if the chosen executor cannot take it (run-readiness).
 */
export function refusalFor(
  file: { name: string; size: number },
  header: ImageHeader | null,
  limits: UploadLimits,
  executors: ExecutorInfo[] = [],
): string | null {
  const name = `“${file.name}”`;
  const accepted = limits.types.map(typeLabel).join(', ');
  if (!header) {
    return `${name} is not an image Backdrop can read. Use a ${accepted} file.`;
  }
  if (!limits.types.includes(header.type)) {
    const first = executors.find((e) => e.available);
    const someoneTakes = executors.some((e) => e.inputTypes.includes(header.type));
    if (first && someoneTakes) return typeRefusalFor(name, header.type, first, executors);
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
