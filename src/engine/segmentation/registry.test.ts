import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SegmentationError } from './errors.ts';
import { resolveModelSpec } from './registry.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-registry-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function configError(setting: string): Promise<SegmentationError> {
  const error = await resolveModelSpec(setting).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SegmentationError);
  expect((error as SegmentationError).code).toBe('model-config');
  expect((error as Error).message).toMatch(/^BACKDROP_MODEL: /);
  return error as SegmentationError;
}

const writeJson = async (value: unknown) => {
  const file = path.join(dir, 'model.json');
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

const valid = {
  path: 'u2netp.onnx',
  inputSize: 320,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  output: 'out',
};

describe('model registry (BACKDROP_MODEL)', () => {
  it('defaults to ISNet fp16 and knows the quint8 variant', async () => {
    expect((await resolveModelSpec(undefined)).id).toBe('isnet-fp16');
    expect((await resolveModelSpec('isnet-quint8')).id).toBe('isnet-quint8');
  });

  it('rejects an unknown name, listing the choices', async () => {
    expect((await configError('isnet-huge')).message).toMatch(/isnet-fp16 or isnet-quint8/);
  });

  it('rejects a missing JSON file by path', async () => {
    expect((await configError(path.join(dir, 'nope.json'))).message).toMatch(/nope\.json cannot be read/);
  });

  it('rejects invalid JSON and each bad field by name', async () => {
    expect((await configError(await writeJson('{ nope'))).message).toMatch(/not valid JSON/);
    expect((await configError(await writeJson({ ...valid, path: 3 }))).message).toMatch(/"path"/);
    expect((await configError(await writeJson({ ...valid, inputSize: 0 }))).message).toMatch(/"inputSize"/);
    expect((await configError(await writeJson({ ...valid, mean: [1, 2] }))).message).toMatch(/"mean"/);
    expect((await configError(await writeJson({ ...valid, std: [0, 1, 1] }))).message).toMatch(/"std"/);
    expect((await configError(await writeJson({ ...valid, output: '' }))).message).toMatch(/"output"/);
    expect((await configError(await writeJson({ ...valid, activation: 'relu' }))).message).toMatch(
      /"activation"/,
    );
  });

  it('reads a valid description, resolving the model path beside it, and reports a missing .onnx', async () => {
    const spec = await resolveModelSpec(await writeJson(valid));
    expect(spec).toMatchObject({ inputSize: 320, output: 'out', activation: 'none' });
    expect(spec.mean[0]).toBeCloseTo(0.485);
    const error = await spec.resolveFile().catch((e: unknown) => e);
    expect((error as Error).message).toContain(path.join(dir, 'u2netp.onnx'));
  });

  it('accepts mean/std on the 0..255 scale', async () => {
    const spec = await resolveModelSpec(
      await writeJson({ ...valid, mean: [128, 128, 128], std: [256, 256, 256] }),
    );
    expect(spec.mean[0]).toBeCloseTo(128 / 255);
    expect(spec.std[2]).toBeCloseTo(256 / 255);
  });
});
