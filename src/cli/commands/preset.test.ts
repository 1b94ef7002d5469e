/**
 * `backdrop preset`, `backdrop verify` and `backdrop batch --preset`, run in process through runCli:
 * the request printed per dialect with its losses, checklists and exit codes on files made here with a
 * known background, fill and size, and a batch on (fake) Claid that checks every item.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePreset, findPreset, type BatchManifest } from '../../recipe/index.ts';
import { startTestServer, type TestServer } from '../../server/testing/harness.ts';
import { runCli } from '../main.ts';

let dir: string;
const at = (...parts: string[]) => path.join(dir, ...parts);

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

/** A square photo: `background` with a centred product box of `fill` (share of the side). */
async function picture(file: string, side: number, background: string, fill: number) {
  const box = Math.round(side * fill);
  const offset = Math.floor((side - box) / 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><rect width="100%" height="100%" fill="${background}"/><rect x="${offset}" y="${offset}" width="${box}" height="${box}" fill="#23324a"/></svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toFile(file);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-presets-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('backdrop preset', () => {
  it('prints the request in each dialect, with rules, sources and losses on stderr', async () => {
    const claid = await cli('preset', 'amazon-main');
    expect(claid.code).toBe(0);
    expect(JSON.parse(claid.stdout)).toEqual(compilePreset(findPreset('amazon-main')!, 'claid').request);
    expect(claid.stderr).toMatch(
      /^ {2}rule fill-ratio: Product fills 85% of the frame — https:\/\/sellercentral\.amazon\.com\/.* \(read 2026-11-30\)$/m,
    );
    expect(claid.stderr).toMatch(/^approximated rules\.colour-space: /m);
    const deep = await cli('preset', 'walmart-main', '--dialect', 'deep-image');
    expect(JSON.parse(deep.stdout)).toEqual(compilePreset(findPreset('walmart-main')!, 'deep-image').request);
    expect((await cli('preset', '--list')).stdout).toMatch(
      /^google-merchant +Google Merchant Center image — /m,
    );
  });

  it('exits 2 naming the presets for an unknown id or a bad dialect', async () => {
    const unknown = await cli('preset', 'amazon');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown preset "amazon"; use one of: amazon-main, amazon-additional,');
    expect((await cli('preset', 'ebay', '--dialect', 'photoroom')).code).toBe(2);
  });
});

describe('backdrop verify', () => {
  it('exit 0 on a compliant Amazon image, 1 with the failing rule and its fix on a grey one', async () => {
    const good = await cli(
      'verify',
      await picture(at('good.jpg'), 1200, '#ffffff', 0.9),
      '--preset',
      'amazon-main',
    );
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toMatch(/good\.jpg: Amazon main image — PASS/);
    expect(good.stdout).toMatch(/✓ pass {2}Product fills 85% of the frame: 90\.0% /);
    const grey = await cli(
      'verify',
      await picture(at('grey.jpg'), 1200, '#dcdcdc', 0.9),
      '--preset',
      'amazon-main',
    );
    expect(grey.code).toBe(1);
    expect(grey.stdout).toMatch(/✗ fail {2}Pure white background: 0\.0% white \(mean RGB 220,220,220/);
    expect(grey.stdout).toContain(
      'fix: The background is RGB 220,220,220, not white: set the background colour to #FFFFFF.',
    );
    const padded = await cli(
      'verify',
      await picture(at('padded.jpg'), 1200, '#ffffff', 0.7),
      '--preset',
      'amazon-main',
      '--json',
    );
    expect(padded.code).toBe(1);
    const report = JSON.parse(padded.stdout) as { rules: { id: string; status: string; fix?: string }[] };
    expect(report.rules.find((r) => r.id === 'fill-ratio')).toMatchObject({ status: 'fail' });
    expect(report.rules.find((r) => r.id === 'fill-ratio')!.fix).toMatch(/^Padding 15% → 7\.5% or less/);
  });

  it('exit 2 for a missing file, a file that is not an image, or no preset', async () => {
    expect((await cli('verify', at('nope.jpg'), '--preset', 'ebay')).stderr).toContain('no such file');
    await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toFile(at('tiny.png'));
    expect((await cli('verify', at('tiny.png'))).code).toBe(2);
    await writeFile(at('notes.jpg'), 'not a photo');
    const notImage = await cli('verify', at('notes.jpg'), '--preset', 'ebay');
    expect(notImage.code).toBe(2);
    expect(notImage.stderr).toMatch(/notes\.jpg is not an image Backdrop can read/);
  });
});

describe('backdrop batch --preset', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server.close());

  it('applies the preset’s request on Claid, checks every result, and exits 1 when one fails', async () => {
    // The fake Claid inverts the photo: a black backdrop comes back white, #232323 comes back grey.
    await mkdir(at('in'), { recursive: true });
    await picture(at('in', 'a-white.jpg'), 1000, '#000000', 0.9);
    await picture(at('in', 'b-grey.jpg'), 1000, '#232323', 0.9);
    const result = await cli(
      'batch',
      '--preset',
      'amazon-main',
      at('in'),
      '-o',
      at('out'),
      '--executor',
      'claid',
      '--server',
      server.url,
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      /^check {2}b-grey\.jpg: white-background: 0\.0% white .* — The background is RGB 220,220,220, not white: set the background colour to #FFFFFF\.$/m,
    );
    expect(result.stdout).toMatch(
      /^Amazon main image check: 1 pass, 1 fail \(the rule and its fix are above and in manifest\.csv\)\.$/m,
    );
    const sent = server.claid.requests.filter((r) => r.path.includes('/image/edit')).at(-1)!;
    expect(JSON.parse(sent.fields.data ?? JSON.stringify(sent.json))).toMatchObject({
      operations: { background: { color: '#FFFFFF' } },
    });
    const manifest = JSON.parse(await readFile(at('out', 'manifest.json'), 'utf8')) as BatchManifest;
    expect(manifest.items.map((row) => [row.input, row.compliance])).toEqual([
      ['a-white.jpg', 'pass'],
      ['b-grey.jpg', 'fail'],
    ]);
  });
});
