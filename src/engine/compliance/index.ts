/**
 * The compliance check on a result file (Node only): measure the file (measure.ts), then apply a preset's
 * rules to the measurements (src/recipe/presets/verify.ts). Runs on any result — the local engine's (with
 * its subject mask), a provider's, or a file given to `backdrop verify` (mask from alpha or estimated).
 */
import { verifyMeasurements, type ComplianceReport, type Preset } from '../../recipe/index.ts';
import { measureImage, type MeasureOptions } from './measure.ts';

export { measureImage, digitalSourceTypeOf } from './measure.ts';
export type { MeasureOptions } from './measure.ts';
export { EDGE_BAND_PX } from './regions.ts';
export { withDigitalSourceType } from './provenance.ts';

/**
 * `preset`'s checklist for the result `file`. Throws EngineError('unreadable-image') when the bytes are
 * not an image sharp reads.
 */
export async function checkCompliance(
  file: Buffer,
  preset: Preset,
  options: MeasureOptions = {},
): Promise<ComplianceReport> {
  return verifyMeasurements(preset, await measureImage(file, options));
}
