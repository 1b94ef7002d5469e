/**
 * Which numeric precision the model pass runs at on this machine: the int8 (QDQ) variant where the CPU
 * multiplies int8 natively (VNNI: AVX512-VNNI, AVX-VNNI or AMX-INT8 — onnxruntime's QLinearConv then
 * runs vpdpbusd dot products), fp32 elsewhere. Without VNNI, x86's u8×s8 multiply-add saturates at 16
 * bits, and onnxruntime's int8 kernels are neither exact nor faster there.
 * BACKDROP_MODEL_PRECISION=int8|fp32 forces either; `auto` (the default) decides.
 *
 * int8 holds quality with the committed calibration (calibration/README.md): on the quality benchmark's 24
 * generated photos and on 48 dev photos its mean IoU and MAE stay within 0.003 and 0.0005 of fp32's (the
 * goals). See the README, "Model precision", for the figures.
 */
import { readFileSync } from 'node:fs';
import { SegmentationError } from './errors.ts';

export const PRECISION_SETTING = 'BACKDROP_MODEL_PRECISION';

export type Precision = 'int8' | 'fp32';

export interface PrecisionChoice {
  precision: Precision;
  /** Why, in a few words, for /api/executors, the inspector and logs. */
  reason: string;
}

/** Whether `auto` runs the int8 variant on CPUs with VNNI (a switch kept for a model or table that does not hold quality). */
export const INT8_BY_DEFAULT = true;

const VNNI_FLAGS = ['avx512_vnni', 'avx_vnni', 'amx_int8'];

/** The VNNI flag /proc/cpuinfo lists for this CPU, or null (none, or not Linux). */
export function vnniFlag(cpuinfo = readCpuinfo()): string | null {
  const flags = new Set((/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? '').trim().split(/\s+/));
  return VNNI_FLAGS.find((f) => flags.has(f)) ?? null;
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

/**
 * BACKDROP_MODEL_PRECISION's value, case and spaces ignored, unset or empty = `auto`. Throws
 * SegmentationError('model-config') naming the setting and the values it takes for anything else.
 */
export function parsePrecisionSetting(setting: string | undefined): 'auto' | Precision {
  const value = (setting ?? '').trim().toLowerCase() || 'auto';
  if (value === 'auto' || value === 'int8' || value === 'fp32') return value;
  throw new SegmentationError(
    'model-config',
    `${PRECISION_SETTING}: "${setting}" is not a precision; use auto (the default), int8 or fp32`,
  );
}

/**
 * Decides the precision for a model. `hasInt8` says whether the model has an int8 variant (only the
 * built-in ISNet does: its calibration ships with Backdrop). Throws SegmentationError('model-config')
 * naming the setting for an unknown value, or for `int8` on a model without an int8 variant.
 * `int8ByDefault` is INT8_BY_DEFAULT unless a test asks otherwise.
 */
export function choosePrecision(
  setting: string | undefined,
  hasInt8: boolean,
  cpuinfo?: string,
  int8ByDefault = INT8_BY_DEFAULT,
): PrecisionChoice {
  const value = parsePrecisionSetting(setting);
  if (value === 'fp32') return { precision: 'fp32', reason: `${PRECISION_SETTING}=fp32` };
  if (value === 'int8') {
    if (!hasInt8) {
      throw new SegmentationError(
        'model-config',
        `${PRECISION_SETTING}=int8: this model has no int8 variant (only the built-in isnet-fp16 has); set it to auto or fp32`,
      );
    }
    return { precision: 'int8', reason: `${PRECISION_SETTING}=int8` };
  }
  if (!hasInt8) return { precision: 'fp32', reason: 'the model has no int8 variant' };
  if (!int8ByDefault) {
    return {
      precision: 'fp32',
      reason: `int8 does not hold quality yet; ${PRECISION_SETTING}=int8 runs it`,
    };
  }
  const flag = vnniFlag(cpuinfo);
  return flag
    ? { precision: 'int8', reason: `this CPU multiplies int8 natively (${flag})` }
    : { precision: 'fp32', reason: 'this CPU has no native int8 multiply (VNNI), where int8 is not faster' };
}
