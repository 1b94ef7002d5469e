import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelMeanModel, tinyConvNetModel } from '../testing/tiny-onnx.ts';
import { takeCacheNotes } from './model-store.ts';
import { openOptimized } from './optimized-model.ts';
import { SESSION_OPTIONS } from './session.ts';

let dir: string;
let model: string;
const savedDir = () => path.join(dir, 'data', 'models', 'optimized');
const listing = async () => (await readdir(savedDir()).catch(() => [] as string[])).sort();
/** The saved copies (each has a `.sha256` sidecar beside it). */
const saved = async () => (await listing()).filter((name) => name.endsWith('.onnx'));

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-optimized-'));
  process.env.BACKDROP_DATA_DIR = path.join(dir, 'data');
  model = path.join(dir, 'tiny.onnx');
  await writeFile(model, channelMeanModel({ size: 16 }));
});
afterEach(async () => {
  delete process.env.BACKDROP_DATA_DIR;
  await rm(dir, { recursive: true, force: true });
});

async function output(session: ort.InferenceSession): Promise<Float32Array> {
  const pixels = Float32Array.from({ length: 3 * 16 * 16 }, (_, i) => ((i * 37) % 101) / 100);
  const input = new ort.Tensor('float32', pixels, [1, 3, 16, 16]);
  const result = await session.run({ [session.inputNames[0]!]: input });
  return result[session.outputNames[0]!]!.data as Float32Array;
}

describe('openOptimized', () => {
  it('saves the optimised graph in the data folder once and then loads it, with the same outputs', async () => {
    const plain = await output(await ort.InferenceSession.create(model, SESSION_OPTIONS));
    const first = await openOptimized(model, SESSION_OPTIONS);
    const files = await saved();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^tiny\.ort-[0-9a-f]{16}\.onnx$/);
    const inode = (await stat(path.join(savedDir(), files[0]!))).ino;
    const second = await openOptimized(model, SESSION_OPTIONS);
    expect(await saved()).toEqual(files);
    expect((await stat(path.join(savedDir(), files[0]!))).ino).toBe(inode); // reused, not written again
    expect([...(await output(first))]).toEqual([...plain]);
    expect([...(await output(second))]).toEqual([...plain]);
  });

  it('finds the same copy when the model is reached through a symlink', async () => {
    await openOptimized(model, SESSION_OPTIONS);
    const files = await saved();
    const link = path.join(dir, 'linked.onnx');
    await symlink(model, link);
    await openOptimized(link, SESSION_OPTIONS);
    expect(await saved()).toEqual(files);
  });

  it('rebuilds a saved copy that still loads but is not what was saved (its sidecar hash differs)', async () => {
    const plain = await output(await ort.InferenceSession.create(model, SESSION_OPTIONS));
    await openOptimized(model, SESSION_OPTIONS);
    const [name] = await saved();
    const sidecar = `${name}.sha256`;
    expect(await listing()).toEqual([name, sidecar]);
    // Another valid graph in its place: it loads, and would give other outputs.
    await writeFile(path.join(savedDir(), name!), tinyConvNetModel());
    const damaged = await ort.InferenceSession.create(path.join(savedDir(), name!), SESSION_OPTIONS);
    expect([...(await output(damaged))]).not.toEqual([...plain]);
    takeCacheNotes();
    const session = await openOptimized(model, SESSION_OPTIONS);
    expect([...(await output(session))]).toEqual([...plain]);
    expect(takeCacheNotes()).toEqual([
      `model cache: optimized/${name} no longer matched its recorded sha256 (damaged or edited); rebuilt it`,
    ]);
    const hash = createHash('sha256')
      .update(await readFile(path.join(savedDir(), name!)))
      .digest('hex');
    expect(await readFile(path.join(savedDir(), sidecar), 'utf8')).toBe(hash);
  });

  it('rebuilds a saved copy that no longer loads, and drops the copy of a replaced source', async () => {
    await openOptimized(model, SESSION_OPTIONS);
    const [name] = await saved();
    await writeFile(path.join(savedDir(), name!), 'not a model');
    const session = await openOptimized(model, SESSION_OPTIONS);
    expect(await output(session)).toHaveLength(16 * 16);
    expect(await saved()).toEqual([name]);

    // A new source file (another size and time) gets its own copy; the old one is removed.
    await writeFile(model, channelMeanModel({ size: 32 }));
    await openOptimized(model, SESSION_OPTIONS);
    const after = await saved();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(name);
    expect(await listing()).toEqual([after[0], `${after[0]}.sha256`]); // the old sidecar went with its copy
  });
});
