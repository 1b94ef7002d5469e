/** Which image types an executor takes, and the refusal for one it does not, naming who would take it. */
import { typeRefusal, type JobWarning } from '../../recipe/index.ts';
import type { Config } from '../config.ts';
import type { Executor } from './types.ts';

export interface AcceptedTypes {
  /** MIME types the receiving executor takes. */
  types: readonly string[];
  /** The sentence refusing `typeLabel` (MIME `mime`) for `field`: what happened and what to do. */
  refusal(field: string, typeLabel: string, mime: string): string;
}

export function acceptedBy(executor: Executor, all: Iterable<Executor>, config: Config): AcceptedTypes {
  return {
    types: executor.inputTypes,
    refusal: (field, typeLabel, mime) =>
      typeRefusal({
        subject: `The ${field}`,
        typeLabel,
        cannot: executor.cannotTake(typeLabel),
        alternatives: [...all]
          .filter((other) => other.id !== executor.id && other.inputTypes.includes(mime))
          .map((other) => ({ label: other.label, available: other.unavailableReason(config) === null })),
      }),
  };
}

/**
 * What a provider job should know about its input at once: the frames a provider will not edit and
 * the decoder's warnings from the upload check. (The local engine says the same itself when it decodes.)
 */
export function providerInputWarnings(
  checked: { frames: number; format: string; decoderWarnings: string[] },
  executor: Executor,
): JobWarning[] {
  const warnings: JobWarning[] = [];
  if (checked.frames > 1) {
    warnings.push({
      message:
        `The image is an animated ${checked.format.toUpperCase()} with ${checked.frames} frames; ` +
        `${executor.label} documents still photos only, so expect one frame back and the other ` +
        `${checked.frames - 1} left out. To choose the frame, export it as PNG and run that.`,
    });
  }
  for (const text of checked.decoderWarnings.slice(0, 3)) {
    warnings.push({
      message: `The image decoder warned “${text}” while checking the image; every pixel was decoded, but check the result.`,
    });
  }
  return warnings;
}
