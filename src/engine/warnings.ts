import type { JobWarning } from '../recipe/index.ts';
import { formatById } from './render/formats.ts';

/** What decoding an input left out or noticed, said plainly. `frames`, `decoderWarnings`: see DecodedImage. */
export function decodeWarnings(
  decoded: { format: string; frames: number; decoderWarnings: string[] },
  label = 'image',
): JobWarning[] {
  const warnings: JobWarning[] = [];
  if (decoded.frames > 1) {
    const format = formatById(decoded.format)?.label ?? decoded.format.toUpperCase();
    const dropped = decoded.frames - 1;
    warnings.push({
      message:
        `The ${label} is an animated ${format} with ${decoded.frames} frames; the local engine edits still ` +
        `images, so it used frame 1 and left out the other ${dropped}. To edit another frame, export that ` +
        `frame as PNG and run it.`,
    });
  }
  for (const text of decoder(decoded.decoderWarnings)) {
    warnings.push({
      message: `The image decoder warned “${text}” while reading the ${label}; every pixel was decoded, but check the result.`,
    });
  }
  return warnings;
}

const decoder = (lines: string[]) => lines.slice(0, 3);

/**
 * A cut-out with no subject in it must not pass as a result: when no pixel of the mask is at least half
 * opaque, say so (the model found nothing it takes for a subject).
 */
export function emptySubjectWarnings(alpha: Uint8Array): JobWarning[] {
  for (let i = 0; i < alpha.length; i++) if (alpha[i]! >= 128) return [];
  return [
    {
      message:
        'No subject was found: the mask is empty, so nothing of the photo was kept as the subject. ' +
        'Check that the product is clearly visible and not tiny in the frame, or use a larger photo.',
    },
  ];
}
