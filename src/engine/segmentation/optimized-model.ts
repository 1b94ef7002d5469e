/**
 * onnxruntime's `all` graph optimisations (fused nodes, NCHWc layouts for this CPU) run at every load:
 * 0.35–1.4 s for ISNet, and the copies they free stay on malloc's heap (RSS with the model loaded: 473 MB).
 * Saved once and loaded with optimisations off, the same graph gives bit-identical outputs (checked at
 * 512², 640² and 1024²), loads in 0.13–0.16 s and rests at 256–288 MB.
 *
 * An optimised graph is only valid for the CPU kind (its NCHWc block size) and the onnxruntime version that
 * made it, and for its source file, so all of them are in its name. A sidecar `<copy>.sha256` records the
 * copy's content: a copy that no longer matches it is rebuilt, as is one that no longer loads — damage
 * that leaves the graph loadable (a few overwritten weights) would otherwise change every mask silently.
 * Hashing adds ~80 ms to a load of the int8 copy (44 MB) and ~0.27 s to the fp32 one's (177 MB), once per
 * process, at warm-up.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, readdir, realpath, rename, unlink, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { dataSubdir } from './data-dir.ts';
import { fileSha256, noteRebuilt } from './model-store.ts';

/** What the saved layouts depend on: instruction set extensions, CPU model, architecture, ORT version. */
async function hardwareSignature(): Promise<string> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const flags = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? '';
  return [process.arch, os.cpus()[0]?.model ?? '', flags, ort.env.versions.common].join('|');
}

async function optimizedPath(source: string): Promise<{ file: string; prefix: string }> {
  // By its real path: the e2e harness reaches the same cache through a symlink, and two names for one
  // file would make each process replace the other's copy.
  const real = await realpath(source);
  const { size, mtimeMs } = await stat(real);
  const key = createHash('sha256')
    .update(`${real}|${size}|${mtimeMs}|${await hardwareSignature()}`)
    .digest('hex')
    .slice(0, 16);
  const prefix = `${path.basename(real, '.onnx')}.ort-`;
  return { file: path.join(await dataSubdir('models/optimized'), `${prefix}${key}.onnx`), prefix };
}

/** Deletes the copies made for an older source, CPU or onnxruntime (each is as large as the model). */
async function removeStale(keep: string, prefix: string): Promise<void> {
  const dir = path.dirname(keep);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    if (name.startsWith(prefix) && file !== keep && file !== `${keep}.sha256`)
      await unlink(file).catch(() => undefined);
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Whether the saved copy's content is what was written (its sidecar hash); false when either is missing. */
async function intact(file: string): Promise<boolean> {
  const recorded = await readFile(`${file}.sha256`, 'utf8').catch(() => null);
  return recorded !== null && (await fileSha256(file)) === recorded.trim();
}

/**
 * Opens `source` with `options` (graphOptimizationLevel 'all'): from its saved optimised copy when there
 * is one, else normally, saving the copy for the next start. Writes only inside the data folder.
 */
export async function openOptimized(
  source: string,
  options: ort.InferenceSession.SessionOptions,
): Promise<ort.InferenceSession> {
  // No place to keep the copy (a read-only data folder): load the slow way rather than fail.
  const target = await optimizedPath(source).catch(() => null);
  if (!target) return ort.InferenceSession.create(source, options);
  const { file, prefix } = target;
  const name = `optimized/${path.basename(file)}`;
  if (await intact(file)) {
    try {
      return await ort.InferenceSession.create(file, { ...options, graphOptimizationLevel: 'disabled' });
    } catch {
      noteRebuilt(name, 'no longer loaded'); // a foreign copy: made again below
    }
  } else if (await exists(file)) {
    noteRebuilt(name, 'no longer matched its recorded sha256 (damaged or edited)');
  }
  await unlink(file).catch(() => undefined);
  const tmp = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`; // two workers may share a pid
  const session = await ort.InferenceSession.create(source, { ...options, optimizedModelFilePath: tmp });
  // Rename so that a server starting beside this one never loads half a file, then record its hash; a
  // failure only costs speed (the next start makes the copy again).
  const hash = await fileSha256(tmp);
  await rename(tmp, file)
    .then(() => (hash ? writeFile(`${file}.sha256`, hash) : undefined))
    .then(
      () => removeStale(file, prefix),
      () => unlink(tmp).catch(() => undefined),
    );
  return session;
}
