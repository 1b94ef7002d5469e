/**
 * GET /api/presets and GET /api/jobs/:id/compliance on the real server: a local run of Amazon main
 * (real model) that must pass its own check; Claid and Deep-Image results (fake providers) checked the
 * same way; the IPTC label written into a provider's generated result; and the errors.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitalSourceTypeOf } from '../engine/index.ts';
import { compilePreset, findPreset, type ComplianceReport, type PresetsResponse } from '../recipe/index.ts';
import { batchForm, openArchive, postBatch, waitForBatch } from './testing/batches.ts';
import { jobForm, postJob, startTestServer, waitForJob, type TestServer } from './testing/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** A square photo of `background` with a 70% product box in the middle (PNG). */
async function photo(side: number, background: string, product = '#b02a30') {
  const box = Math.round(side * 0.7);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><rect width="100%" height="100%" fill="${background}"/><rect x="${(side - box) / 2}" y="${(side - box) / 2}" width="${box}" height="${box}" rx="${side / 20}" fill="${product}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function compliance(id: string, preset?: string) {
  const res = await fetch(`${server.url}/api/jobs/${id}/compliance${preset ? `?preset=${preset}` : ''}`);
  return {
    status: res.status,
    body: (await res.json()) as ComplianceReport & {
      error?: { code: string; message: string; path?: string };
    },
  };
}

async function run(fields: Parameters<typeof jobForm>[0] & { preset?: string }, timeout = 20_000) {
  const form = jobForm(fields);
  if (fields.preset) form.append('preset', fields.preset);
  const created = await postJob(server.url, form);
  expect(created.status).toBe(202);
  const view = await waitForJob(server.url, created.body.id!, timeout);
  expect(view.error).toBeUndefined();
  return view;
}

describe('GET /api/presets', () => {
  it('lists every preset with its rules, sources and both dialects’ requests', async () => {
    const body = (await (await fetch(`${server.url}/api/presets`)).json()) as PresetsResponse;
    expect(body.presets.map((p) => p.id)).toEqual([
      'amazon-main',
      'amazon-additional',
      'walmart-main',
      'shopify-product',
      'ebay',
      'etsy',
      'google-merchant',
    ]);
    const amazon = body.presets[0]!;
    expect(amazon.rules.find((r) => r.id === 'fill-ratio')?.source.url).toMatch(
      /^https:\/\/sellercentral\.amazon\.com\//,
    );
    expect(amazon.compiled.claid?.request).toEqual(
      compilePreset(findPreset('amazon-main')!, 'claid').request,
    );
    expect(amazon.compiled['deep-image']?.request).toEqual(
      compilePreset(findPreset('amazon-main')!, 'deep-image').request,
    );
  });
});

describe('GET /api/jobs/:id/compliance', () => {
  it('a local run of Amazon main on a photo passes its own check, measured with the engine’s mask', async () => {
    const amazon = compilePreset(findPreset('amazon-main')!, 'claid');
    const view = await run(
      {
        image: await photo(900, '#d8d4cc'),
        dialect: 'claid',
        executor: 'local',
        request: amazon.request,
        preset: 'amazon-main',
      },
      120_000,
    );
    expect(view.preset).toBe('amazon-main');
    expect(view.compliance).toEqual({ preset: 'amazon-main', status: 'pass', issues: [] });
    const { status, body } = await compliance(view.id);
    expect(status).toBe(200);
    expect(body.status).toBe('pass');
    const fill = body.rules.find((r) => r.id === 'fill-ratio')!;
    // ~92 % of the frame; the mask's edge moves by a pixel or two between model precisions (int8/fp32).
    expect(fill.measured).toMatch(/^\d+\.\d% .*Backdrop’s mask\)$/);
    expect(Math.abs(parseFloat(fill.measured) - 92)).toBeLessThan(1);
  }, 150_000);

  it('a Claid result (fake) with a grey background fails the white rule and says how to fix it', async () => {
    // The fake Claid inverts the photo: #373737 comes back as RGB 200,200,200.
    const view = await run({
      image: await photo(1200, '#373737', '#4fd5cf'),
      dialect: 'claid',
      executor: 'claid',
      request: { operations: { background: { remove: true, color: '#FFFFFF' } }, output: { format: 'jpeg' } },
    });
    const { status, body } = await compliance(view.id, 'amazon-main');
    expect(status).toBe(200);
    const white = body.rules.find((r) => r.id === 'white-background')!;
    expect(white.status).toBe('fail');
    expect(white.measured).toMatch(/estimated from the border colour/);
    expect(white.fix).toMatch(
      /^The background is RGB 2\d\d,2\d\d,2\d\d, not white: set the background colour to #FFFFFF\.$/,
    );
    expect(body.rules.find((r) => r.id === 'fill-ratio')!.status).toBe('fail'); // 70%: too much padding
    expect(body.rules.find((r) => r.id === 'fill-ratio')!.fix).toMatch(
      /^Padding 1[45](\.\d+)?% → 7\.5% or less/,
    );
  });

  it('a Deep-Image generated background (fake) is labelled trainedAlgorithmicMedia, so Google’s rule passes', async () => {
    const view = await run({
      image: await photo(600, '#000000'),
      dialect: 'deep-image',
      executor: 'deep-image',
      request: { background: { generate: { description: 'a marble table in soft daylight' } } },
      preset: 'google-merchant',
    });
    const result = Buffer.from(await (await fetch(`${server.url}/api/jobs/${view.id}/result`)).arrayBuffer());
    expect(digitalSourceTypeOf((await sharp(result).metadata()).xmp)).toBe('trainedAlgorithmicMedia');
    expect(view.compliance?.status).toBe('pass');
    const { body } = await compliance(view.id);
    expect(body.rules.find((r) => r.id === 'ai-source-type')).toMatchObject({
      status: 'pass',
      measured: 'tagged trainedAlgorithmicMedia',
    });
  });

  it('refuses an unknown or missing preset naming the field, and a job without a result', async () => {
    const view = await run({
      image: await photo(300, '#000000'),
      dialect: 'claid',
      executor: 'claid',
      request: { operations: { background: { remove: true } } },
    });
    const unknown = await compliance(view.id, 'amazon-mainn');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid-preset', path: 'preset' });
    expect(unknown.body.error?.message).toMatch(/amazon-main, amazon-additional/);
    const missing = await compliance(view.id);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'missing-field', path: 'preset' });
    const gone = await compliance('00000000-0000-4000-8000-000000000000', 'ebay');
    expect(gone.status).toBe(404);
    const form = jobForm({
      image: await photo(300, '#000'),
      dialect: 'claid',
      executor: 'claid',
      request: { operations: {} },
    });
    form.append('preset', 'nope');
    const refused = await postJob(server.url, form);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid-preset', path: 'preset' });
  });
});

describe('a batch with a preset', () => {
  it('checks every item; the grid’s items and both manifests carry the verdict and the fix', async () => {
    // Fake Claid inverts: black comes back white, #262626 comes back RGB 217,217,217.
    const form = batchForm(
      {
        dialect: 'claid',
        executor: 'claid',
        request: compilePreset(findPreset('amazon-main')!, 'claid').request,
      },
      [
        { name: 'white.png', data: await photo(1000, '#000000') },
        { name: 'grey.png', data: await photo(1000, '#262626') },
      ],
    );
    form.append('preset', 'amazon-main');
    const created = await postBatch(server.url, form);
    expect(created.status).toBe(202);
    const view = await waitForBatch(server.url, created.body.id);
    expect(view.preset).toBe('amazon-main');
    const [white, grey] = view.items;
    expect(white!.compliance).toMatchObject({ preset: 'amazon-main', status: 'fail' }); // 70% fill
    // The fake writes JPEG at sharp's default quality 80: some noise, so white only warns (the fix says why).
    const verdicts = (item: typeof white) => item!.compliance!.issues.map((i) => `${i.id} ${i.status}`);
    expect(verdicts(white)).toEqual(['white-background warn', 'fill-ratio fail']);
    expect(verdicts(grey)).toEqual(['white-background fail', 'fill-ratio fail']);
    const archive = await openArchive(server.url, created.body.id);
    expect(archive.manifest.batch.preset).toBe('amazon-main');
    expect(archive.manifest.items[1]).toMatchObject({ compliance: 'fail' });
    expect(archive.manifest.items[1]!.complianceIssues![0]).toMatch(
      /^white-background: 0\.0% white .*set the background colour to #FFFFFF\.$/,
    );
    const csv = archive.csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toMatch(/,compliance,compliance_issues,finish$/);
    expect(csv[2]).toMatch(/,fail,"?white-background: .* \| fill-ratio: /);
  });
});
