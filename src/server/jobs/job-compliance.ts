/**
 * The compliance check of a stored job: its result file, the subject mask the local engine framed with
 * it (blob `result-mask`, a grey PNG at the result's size), and whether a provider's generative model
 * painted pixels (read from the job's request). Also what happens to a result before it is stored:
 * the mask kept beside it, and a provider's generated result labelled with the IPTC DigitalSourceType.
 */
import { readFile, unlink } from 'node:fs/promises';
import sharp from 'sharp';
import { checkCompliance, withDigitalSourceType } from '../../engine/index.ts';
import {
  findPreset,
  providerGenerates,
  summarise,
  toPlan,
  type ComplianceReport,
  type ComplianceSummary,
  type JobWarning,
  type Preset,
} from '../../recipe/index.ts';
import type { ExecutorResult } from '../executors/types.ts';
import type { JobRecord, ResultStore } from './types.ts';

/** True when a provider (not the local engine) ran a request that has its generative model paint pixels. */
export function aiGenerated(record: JobRecord): boolean {
  if (record.view.executor === 'local') return false;
  try {
    return providerGenerates(toPlan(record.view.dialect, record.request));
  } catch {
    return false;
  }
}

/**
 * Before a result is stored: keeps the local engine's framed subject mask as the `result-mask` blob, and
 * writes the IPTC DigitalSourceType `trainedAlgorithmicMedia` into a provider's generated result (Google
 * Merchant Center asks AI-made images to keep it). Returns the result to store.
 */
export async function prepareResult(
  store: ResultStore,
  record: JobRecord,
  result: ExecutorResult,
): Promise<ExecutorResult> {
  const id = record.view.id;
  if (result.subjectMask) {
    const { data, width, height } = result.subjectMask;
    const png = await sharp(data, { raw: { width, height, channels: 1 } })
      .png()
      .toBuffer();
    await store.putBlob(
      id,
      'result-mask',
      { data: png },
      { mime: 'image/png', bytes: png.length, name: 'result-mask.png' },
    );
  }
  if (!aiGenerated(record)) return result;
  const bytes = result.data ?? (await readFile(result.path!));
  const tagged = await withDigitalSourceType(bytes);
  if (tagged === bytes) return result;
  if (result.path) await unlink(result.path).catch(() => {});
  const { mime, format, width, height } = result;
  return { data: tagged, bytes: tagged.length, mime, format, width, height };
}

/** `preset`'s checklist for the job's stored result; undefined when the job has no result (yet). */
export async function jobCompliance(
  store: ResultStore,
  record: JobRecord,
  preset: Preset,
): Promise<ComplianceReport | undefined> {
  const id = record.view.id;
  const result = await store.readBlob(id, 'result');
  if (!result) return undefined;
  const maskPng = await store.readBlob(id, 'result-mask');
  const mask = maskPng
    ? await sharp(maskPng)
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true })
        .then(({ data, info }) => ({ data, width: info.width, height: info.height }))
    : undefined;
  return checkCompliance(result, preset, { ...(mask ? { mask } : {}), aiGenerated: aiGenerated(record) });
}

/**
 * For a job that names a preset, once its result is stored: the checklist summary its view keeps (and so
 * its batch item and the manifests), or a warning when the check cannot run (never a failed job).
 */
export async function complianceOf(
  store: ResultStore,
  record: JobRecord,
): Promise<{ compliance?: ComplianceSummary; warning?: JobWarning }> {
  const preset = record.view.preset ? findPreset(record.view.preset) : undefined;
  if (!preset) return {};
  try {
    const report = await jobCompliance(store, record, preset);
    return report ? { compliance: summarise(report) } : {};
  } catch (error) {
    return {
      warning: {
        path: 'preset',
        message: `The ${preset.title} check could not run on this result: ${(error as Error).message}`,
      },
    };
  }
}
