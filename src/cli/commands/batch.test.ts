/**
 * `backdrop batch` as a user runs it: in a project that has installed Backdrop (`npm install <this
 * repository>`), `npx backdrop batch …` through the bin link npm made, on folders with a bad file in
 * them, with --resume, --fail-fast, Ctrl-C, and against a running server (--server) for Claid. Requests here mostly resize only (no model), so they test the command, not the engine.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { BatchManifest } from '../../recipe/index.ts';
import { cutJpeg, gradientJpeg, heicSample } from '../../engine/testing/hard-inputs.ts';
import { gatedExecutor } from '../../server/testing/gated-executor.ts';
import { startTestServer, waitFor, type TestServer } from '../../server/testing/harness.ts';
import { ROOT, shell, start } from '../testing/shell.ts';

let dir: string;
const at = (...parts: string[]) => path.join(dir, ...parts);
const readManifest = async (out: string) =>
  JSON.parse(await readFile(at(out, 'manifest.json'), 'utf8')) as BatchManifest;
const batch = (args: string, timeoutMs = 120_000) =>
  shell(`npx backdrop batch ${args}`, { cwd: dir, timeoutMs });

async function photo(file: string, colour: string, width = 240, height = 160) {
  await mkdir(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toFile(file);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-batch-cli-'));
  await writeFile(at('package.json'), JSON.stringify({ name: 'shop-photos', private: true }));
  const installed = await shell(`npm install --no-audit --no-fund ${ROOT}`, { cwd: dir, timeoutMs: 180_000 });
  if (installed.code !== 0) throw new Error(`npm install failed: ${installed.stderr}`);
  await photo(at('photos', 'bottle.jpg'), '#3366cc');
  await photo(at('photos', 'mug.jpg'), '#cc6633');
  await photo(at('photos', 'shelf', 'mug.jpg'), '#33cc66');
  await writeFile(at('photos', 'broken.jpg'), 'this is not a photo');
  await writeFile(at('photos', 'notes.txt'), 'shot list');
  for (let i = 0; i < 8; i++) await photo(at('many', `p${i}.jpg`), '#884422', 480, 320);
  // Noise decodes as slowly as a real photo of its size, so a run of these is still going when Ctrl-C comes.
  const noise = sharp({
    create: {
      width: 2400,
      height: 1600,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
  const shoot = await noise.jpeg({ quality: 92 }).toBuffer();
  await mkdir(at('shoot'), { recursive: true });
  for (let i = 0; i < 16; i++) await writeFile(at('shoot', `s${String(i).padStart(2, '0')}.jpg`), shoot);
  await writeFile(
    at('resize.json'),
    JSON.stringify({
      operations: { resizing: { width: 120, height: 120, fit: 'crop' } },
      output: { format: 'png' },
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each test runs the CLI through npx (a process, a model load): minutes on a loaded 2-core machine.
describe('backdrop batch (local)', { timeout: 180_000 }, () => {
  it('runs a folder (recursively), fails the bad file alone, writes results and manifests, exits 1', async () => {
    const result = await batch('resize.json photos -o out');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('Skipped 1 file(s) in folders or globs that are not photos by name.');
    expect(result.stdout).toMatch(/^done {3}\d\/4 bottle\.jpg -> bottle-backdrop\.png \(120×120, /m);
    expect(result.stdout).toMatch(/^failed \d\/4 broken\.jpg: The image "broken\.jpg" is /m);
    expect(result.stdout).toMatch(/3 done, 1 failed on the local engine in /);
    expect(result.stdout).toContain('Run the same command with --resume');
    const manifest = await readManifest('out');
    expect(manifest.items.map((row) => [row.input, row.source, row.status, row.output])).toEqual([
      ['bottle.jpg', path.join('photos', 'bottle.jpg'), 'done', 'bottle-backdrop.png'],
      ['broken.jpg', path.join('photos', 'broken.jpg'), 'failed', ''],
      ['mug.jpg', path.join('photos', 'mug.jpg'), 'done', 'mug-backdrop.png'],
      ['mug-2.jpg', path.join('photos', 'shelf', 'mug.jpg'), 'done', 'mug-2-backdrop.png'],
    ]);
    expect(manifest.items[1]!.errorCode).toBe('unsupported-image-type');
    const shelf = await sharp(at('out', 'mug-2-backdrop.png')).stats();
    expect(Math.round(shelf.channels[1]!.mean)).toBeGreaterThan(150); // the green one
    const csv = await readFile(at('out', 'manifest.csv'), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/,provider_request_id,compliance,compliance_issues,finish,source$/);
    expect(lines[2]).toMatch(/^broken\.jpg,,failed,unsupported-image-type,/);
    expect(lines[4]).toMatch(/^mug-2\.jpg,mug-2-backdrop\.png,done,.*,photos\/shelf\/mug\.jpg$/);
  });

  it('fails a HEIC and a JPEG cut short alone, each in the server’s words, and runs the rest', async () => {
    await mkdir(at('hard'), { recursive: true });
    await writeFile(at('hard', 'IMG_0042.heic'), heicSample());
    await writeFile(at('hard', 'cut.jpg'), cutJpeg(await gradientJpeg()));
    await photo(at('hard', 'good.jpg'), '#3366cc');
    const result = await batch('resize.json hard -o hard-out');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      /^failed \d\/3 IMG_0042\.heic: The image "IMG_0042\.heic" is HEIC, which the local engine cannot decode on this server \(libvips [\d.]+ in sharp [\d.]+ has no HEIC decoder\)\. Export it as JPEG or PNG /m,
    );
    expect(result.stdout).toMatch(
      /^failed \d\/3 cut\.jpg: The image "cut\.jpg" .*“Corrupt JPEG data: premature end of data segment”/m,
    );
    expect(result.stdout).toMatch(/^done {3}\d\/3 good\.jpg -> good-backdrop\.png/m);
    const rows = (await readManifest('hard-out')).items;
    expect(rows.map((row) => [row.input, row.status, row.errorCode ?? ''])).toEqual([
      ['cut.jpg', 'failed', 'damaged-image'],
      ['good.jpg', 'done', ''],
      ['IMG_0042.heic', 'failed', 'unsupported-image-type'],
    ]);
    expect(existsSync(at('hard-out', 'cut-backdrop.png'))).toBe(false);
  });

  it('refuses to overwrite a finished batch, and --resume runs only what is not done', async () => {
    const again = await batch('resize.json photos -o out');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('out already holds a batch (manifest.json). Add --resume to continue it');
    const before = (await stat(at('out', 'bottle-backdrop.png'))).mtimeMs;
    await photo(at('photos', 'broken.jpg'), '#999999');
    // The other tests need broken.jpg broken again, even when this one fails or times out.
    onTestFinished(() => writeFile(at('photos', 'broken.jpg'), 'this is not a photo'));
    const resumed = await batch('resize.json photos -o out --resume');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('--resume: 3 of 4 already done in out; running 1.');
    expect(resumed.stdout).toMatch(/^done {3}1\/1 broken\.jpg -> broken-backdrop\.png/m);
    expect(resumed.stdout).toMatch(/1 done \(3 more done before, kept\)/);
    expect((await stat(at('out', 'bottle-backdrop.png'))).mtimeMs).toBe(before);
    const manifest = await readManifest('out');
    expect(manifest.items.map((row) => row.status)).toEqual(['done', 'done', 'done', 'done']);
    const nothing = await batch('resize.json photos -o out --resume');
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain(
      'All 4 photos are already done in out (see manifest.csv); nothing to run.',
    );
  }, 180_000); // four CLI runs through npx: over a minute on a loaded 2-core machine

  it('--fail-fast stops at the first failure and lists what did not run', async () => {
    const result = await batch(
      'resize.json photos/broken.jpg photos/bottle.jpg photos/mug.jpg "photos/shelf/*.jpg" many -o fast --fail-fast --concurrency 1',
    );
    expect(result.code).toBe(1);
    const rows = (await readManifest('fast')).items;
    expect(rows[0]).toMatchObject({ input: 'broken.jpg', status: 'failed' });
    // The first request carried three items (--concurrency 1 keeps 3 at the server); the rest never ran.
    const notRun = rows.filter((row) => row.status === 'cancelled');
    expect(rows).toHaveLength(12);
    expect(notRun.length).toBeGreaterThanOrEqual(9);
    expect(notRun[0]!.error).toMatch(/--fail-fast stopped the batch/);
  });

  it.each([
    ['resize.json photos', /Give the output folder with -o OUT_DIR/],
    ['resize.json -o x', /at least one photo, folder or glob/],
    ['resize.json nowhere/ -o x', /Cannot find nowhere\/ \(no such file or folder\)/],
    ['resize.json "nothing/*.jpg" -o x', /Cannot find nothing\/\*\.jpg \(matches nothing\)/],
    [
      'resize.json photos -o x --executor claid',
      /runs through a Backdrop server.*--server http:\/\/127\.0\.0\.1:8787/,
    ],
    ['resize.json photos -o x --concurrency 0', /--concurrency must be a whole number from 1 to 64/],
    ['resize.json photos -o x --server ftp://x', /--server must be the server's http\(s\) address/],
  ])('usage error: batch %s exits 2', async (args, message) => {
    const result = await batch(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: backdrop batch REQUEST.json INPUT... -o OUT_DIR');
  });

  it('Ctrl-C stops cleanly, leaving a manifest that --resume finishes', async () => {
    // exec: npx leads the process group, as it does when typed in a terminal (the shell is not in it).
    const run = start('exec npx backdrop batch resize.json shoot -o stopped --concurrency 1', { cwd: dir });
    try {
      await run.waitFor(/^done {3}1\/16 /m, 120_000);
      process.kill(-run.child.pid!, 'SIGINT'); // as a terminal does: the whole foreground group
      // npx itself dies of the SIGINT at once (the shell reads 130 either way); backdrop, under it,
      // finishes stopping: the group ends once the manifest is written.
      expect(await run.exitWithin(60_000)).toBe(130);
      expect(await run.groupEnded(60_000)).toBe(true);
    } finally {
      await run.stop();
    }
    expect(run.output()).toContain('Stopping: cancelling what is running and writing the manifest');
    const rows = (await readManifest('stopped')).items;
    const done = rows.filter((row) => row.status === 'done').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(16);
    expect(rows.filter((row) => row.status === 'cancelled')[0]!.error).toMatch(
      /stopped \(Ctrl-C\).*--resume/,
    );
    const resumed = await batch('resize.json shoot -o stopped --resume', 180_000);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`--resume: ${done} of 16 already done`);
    expect((await readManifest('stopped')).items.every((row) => row.status === 'done')).toBe(true);
  }, 240_000);
});

describe('backdrop batch --server', { timeout: 180_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('runs the batch on Claid through a running server and downloads the results', async () => {
    const claid = at('claid.json');
    await writeFile(
      claid,
      JSON.stringify({ operations: { background: { remove: true } }, output: { format: 'png' } }),
    );
    const result = await batch(`claid.json photos -o remote --executor claid --server ${server.url}`);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/3 done, 1 failed on Claid via http:\/\/127\.0\.0\.1:\d+/);
    const manifest = await readManifest('remote');
    expect(manifest.batch.executor).toBe('claid');
    expect(manifest.items.find((row) => row.input === 'mug.jpg')!.providerRequestId).toMatch(/^claid-req-/);
    expect(existsSync(at('remote', 'mug-2-backdrop.png'))).toBe(true);
    expect(server.claid.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('--finish (JSON or a file, as backdrop run takes it) goes with every item and into both manifests', async () => {
    const claid = at('cutout.json');
    await writeFile(
      claid,
      JSON.stringify({
        operations: { background: { remove: true, color: '#FFFFFF' } },
        output: { format: 'png' },
      }),
    );
    const bad = await batch(
      `cutout.json photos -o finish-bad --executor claid --server ${server.url} --finish '{"shadow":{"type":"glow"}}'`,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/finish\.shadow\.type/);
    const finish = '{"shadow":{"type":"drop","opacity":0.5}}';
    const result = await batch(
      `cutout.json photos/shelf -o finished --executor claid --server ${server.url} --finish '${finish}'`,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^finishing: /m);
    const manifest = await readManifest('finished');
    expect(manifest.batch.finish).toEqual(JSON.parse(finish));
    expect(manifest.items[0]).toMatchObject({ status: 'done', finish });
    const csv = (await readFile(at('finished', 'manifest.csv'), 'utf8')).split('\r\n');
    expect(csv[1]).toContain(`"${finish.replace(/"/g, '""')}"`);
    // The server ran the item with it: the job says so.
    const view = (await (await fetch(`${server.url}/api/batches/${manifest.batch.id}`)).json()) as {
      items: { jobId: string }[];
    };
    const job = (await (await fetch(`${server.url}/api/jobs/${view.items[0]!.jobId}`)).json()) as {
      finish?: unknown;
    };
    expect(job.finish).toEqual(JSON.parse(finish));
  });

  it('waits for a server that restarts mid-batch; the server runs the unfinished items again and the run completes', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'backdrop-cli-restart-'));
    const png = await sharp(at('photos', 'bottle.jpg')).png().toBuffer();
    const gate = gatedExecutor({ data: png, width: 240, height: 160 });
    const first = await startTestServer({ dataDir, executors: () => [gate.executor] });
    const port = Number(new URL(first.url).port);
    const run = start(`exec npx backdrop batch resize.json photos -o restarted --server ${first.url}`, {
      cwd: dir,
    });
    let second: TestServer | undefined;
    try {
      await waitFor(() => gate.running().length === 1, 120_000);
      gate.release();
      await waitFor(() => gate.running().length === 1 && gate.started.length === 2, 30_000);
      await first.stop(); // the running item goes back to the queue on disk
      // The server comes back only once the CLI has seen it gone (a quick restart could fall between polls).
      await run.waitFor(/^note {3}the server does not answer; waiting for it to come back…$/m, 60_000);
      const auto = gatedExecutor({ data: png, width: 240, height: 160 }, { auto: true });
      second = await startTestServer({ dataDir, port, executors: () => [auto.executor] });
      expect(await run.exitWithin(120_000)).toBe(1); // broken.jpg
    } finally {
      await run.stop();
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    const rows = (await readManifest('restarted')).items;
    expect(rows.map((row) => row.status)).toEqual(['done', 'failed', 'done', 'done']);
    expect(rows[0]!.warnings).toEqual([]);
    expect(
      rows.some((row) => row.warnings.some((w) => /server restarted while this job was running/.test(w))),
    ).toBe(true);
  }, 240_000);

  it('says so when the server is not there (exit 1), or cannot run the executor (exit 2)', async () => {
    const gone = await batch('claid.json photos -o gone --executor claid --server http://127.0.0.1:9');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:9 .*Is the server running \(npm start\)\?/,
    );
    const deep = await batch(`claid.json photos -o deep --executor deep-image --server ${server.url}`);
    expect(deep.code).toBe(2);
    expect(deep.stderr).toMatch(/Deep-Image runs deep-image requests, not claid|cannot run deep-image/);
  });
});
