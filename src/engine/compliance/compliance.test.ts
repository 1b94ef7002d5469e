/**
 * The compliance check on real files: images made here with a known fill, background, size, format,
 * colour profile, transparency and metadata, each rule passed and failed at its edge; then the engine's
 * own Amazon result, measured with the subject mask it framed.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findPreset, type ComplianceReport, type Preset, type RuleResult } from '../../recipe/index.ts';
import { EngineError } from '../errors.ts';
import type { Rect } from '../render/mask-ops.ts';
import { exactSegmenter, makePlan, syntheticPhoto, encodePhoto } from '../render/synthetic.ts';
import { runPlanWith, type Segmenter } from '../run-plan.ts';
import { sourceCache } from '../source-cache.ts';
import { checkCompliance, digitalSourceTypeOf, EDGE_BAND_PX, measureImage } from './index.ts';

const preset = (id: string): Preset => findPreset(id)!;
const rule = (report: ComplianceReport, id: string): RuleResult => {
  const found = report.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id} in ${report.preset}`);
  return found;
};
const PRODUCT: [number, number, number] = [40, 60, 90];

/** An RGB canvas of `background` with a `product`-coloured box. */
function picture(width: number, height: number, box: Rect, background: number[] = [255, 255, 255]) {
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inside = x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;
      rgb.set(inside ? PRODUCT : background, (y * width + x) * 3);
    }
  return { rgb, width, height };
}
const png = (p: ReturnType<typeof picture>) =>
  sharp(p.rgb, { raw: { width: p.width, height: p.height, channels: 3 } })
    .png()
    .toBuffer();
const centred = (side: number, boxSide: number): Rect => {
  const left = Math.floor((side - boxSide) / 2);
  return { left, top: left, width: boxSide, height: boxSide };
};

describe('compliance check: fill ratio and edges (estimated from a flat border)', () => {
  it('85% fill passes Amazon main; 84.9% fails with the padding that reaches 85%', async () => {
    const pass = await checkCompliance(
      await png(picture(1000, 1000, centred(1000, 850))),
      preset('amazon-main'),
    );
    expect(rule(pass, 'fill-ratio')).toMatchObject({ status: 'pass' });
    expect(rule(pass, 'fill-ratio').measured).toMatch(
      /^85\.0% \(product 850 × 850 px in 1000 × 1000; estimated/,
    );
    expect(pass.status).toBe('pass');
    const fail = await checkCompliance(
      await png(picture(1000, 1000, centred(1000, 849))),
      preset('amazon-main'),
    );
    const fill = rule(fail, 'fill-ratio');
    expect(fill.status).toBe('fail');
    expect(fill.fix).toMatch(/^Padding 7\.55% → 7\.5% or less to reach 85% fill/);
    expect(fill.option).toBe('padding');
    expect(fail.status).toBe('fail');
  });

  it('a product touching the frame edge fails “whole product in the frame”; one pixel clear passes', async () => {
    const cut = await checkCompliance(
      await png(picture(1000, 1000, { left: 0, top: 100, width: 900, height: 800 })),
      preset('amazon-main'),
    );
    expect(rule(cut, 'subject-inside')).toMatchObject({
      status: 'fail',
      measured: 'touches the left (80% of it)',
    });
    const clear = await checkCompliance(
      await png(picture(1000, 1000, { left: 1, top: 100, width: 900, height: 800 })),
      preset('amazon-main'),
    );
    expect(rule(clear, 'subject-inside')).toMatchObject({ status: 'pass', measured: 'clear of every edge' });
  });
});

describe('compliance check: white background', () => {
  // 1000 × 1000 white, a 400 px product in the middle given as Backdrop's mask: the background counted is
  // everything farther than EDGE_BAND_PX from it.
  const box = centred(1000, 400);
  const counted = 1000 * 1000 - (400 + 2 * EDGE_BAND_PX) ** 2;
  const mask = Buffer.alloc(1000 * 1000);
  for (let y = box.top; y < box.top + box.height; y++)
    mask.fill(255, y * 1000 + box.left, y * 1000 + box.left + box.width);
  const withOffWhite = async (pixels: number) => {
    const p = picture(1000, 1000, box);
    for (let i = 0; i < pixels; i++) p.rgb.set([254, 254, 254], i * 3); // the top rows, far from the product
    return checkCompliance(await png(p), preset('amazon-main'), {
      mask: { data: mask, width: 1000, height: 1000 },
    });
  };

  it('99% exactly white passes; one pixel more off-white warns; under 95% fails', async () => {
    const atLimit = Math.floor(counted * 0.01);
    expect(rule(await withOffWhite(atLimit), 'white-background')).toMatchObject({ status: 'pass' });
    const justUnder = rule(await withOffWhite(atLimit + 1), 'white-background');
    expect(justUnder.status).toBe('warn');
    expect(justUnder.measured).toMatch(/^99\.0% white \(mean RGB 255,255,255; Backdrop’s mask\)/);
    expect(justUnder.fix).toMatch(/Almost white, but not exactly/);
    const failing = rule(await withOffWhite(Math.floor(counted * 0.05) + 1), 'white-background');
    expect(failing.status).toBe('fail');
  });

  it('a grey backdrop fails and names its colour and the fix', async () => {
    const report = await checkCompliance(
      await png(picture(1200, 1200, centred(1200, 1080), [200, 200, 200])),
      preset('amazon-main'),
    );
    const white = rule(report, 'white-background');
    expect(white).toMatchObject({ status: 'fail', option: 'color' });
    expect(white.measured).toMatch(/^0\.0% white \(mean RGB 200,200,200; estimated from the border colour\)/);
    expect(white.fix).toBe(
      'The background is RGB 200,200,200, not white: set the background colour to #FFFFFF.',
    );
    // The rest of the picture is fine: only the background fails.
    expect(report.rules.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual(['white-background']);
  });

  it('says it could not measure a busy background instead of guessing', async () => {
    const p = picture(600, 600, centred(600, 500));
    for (let i = 0; i < 600 * 600; i++)
      if (i % 7 < 3) p.rgb.set([(i * 37) % 256, (i * 91) % 256, (i * 13) % 256], i * 3);
    const report = await checkCompliance(await png(p), preset('amazon-main'));
    expect(rule(report, 'white-background')).toMatchObject({
      status: 'warn',
      measured: 'could not be measured',
    });
    expect(rule(report, 'fill-ratio')).toMatchObject({ status: 'warn', measured: 'could not be measured' });
  });
});

describe('compliance check: size, format, file size, colour, transparency', () => {
  const white = (w: number, h: number) =>
    png(picture(w, h, { left: 5, top: 5, width: w - 10, height: h - 10 }));

  it('Amazon: 499 px fails, 500 warns (zoom needs 1000), 1000 passes the longest side', async () => {
    const status = async (w: number, h: number) =>
      rule(await checkCompliance(await white(w, h), preset('amazon-main')), 'longest-side').status;
    expect(await status(499, 300)).toBe('fail');
    expect(await status(500, 300)).toBe('warn');
    expect(await status(1000, 300)).toBe('pass');
  });

  it('Walmart: each side counts — 1500 × 1499 fails the size, yet is square within half a percent', async () => {
    const report = await checkCompliance(await white(1500, 1499), preset('walmart-main'));
    expect(rule(report, 'size')).toMatchObject({ status: 'fail', measured: '1499 px (1500 × 1499)' });
    expect(rule(report, 'aspect-ratio').status).toBe('pass'); // within half a percent
  });

  it('format: WebP fails Amazon with “choose JPEG”; GIF passes Amazon and fails Walmart', async () => {
    const p = picture(600, 600, centred(600, 540));
    const raw = { raw: { width: 600, height: 600, channels: 3 as const } };
    const webp = await checkCompliance(await sharp(p.rgb, raw).webp().toBuffer(), preset('amazon-main'));
    expect(rule(webp, 'format')).toMatchObject({
      status: 'fail',
      measured: 'WebP',
      fix: 'Choose JPEG as the output format.',
    });
    const gif = await sharp(p.rgb, raw).gif().toBuffer();
    expect(rule(await checkCompliance(gif, preset('amazon-main')), 'format')).toMatchObject({
      status: 'pass',
      measured: 'GIF (JPEG preferred)',
    });
    expect(rule(await checkCompliance(gif, preset('walmart-main')), 'format').status).toBe('fail');
  });

  it('file size: measures the file’s bytes against Walmart’s 5 MB', async () => {
    const noise = randomBytes(1400 * 1400 * 3); // incompressible: the PNG is about as large as its pixels
    const file = await sharp(noise, { raw: { width: 1400, height: 1400, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    expect(file.length).toBeGreaterThan(5 * 1024 * 1024);
    const size = rule(await checkCompliance(file, preset('walmart-main')), 'file-size');
    expect(size.status).toBe('fail');
    expect(size.measured).toBe(`${Math.round((file.length / 1024 / 1024) * 100) / 100} MB`);
  });

  it('colour space: sRGB profile and untagged pass; Display P3 fails; CMYK passes Amazon only', async () => {
    const p = picture(300, 300, centred(300, 270));
    const raw = { raw: { width: 300, height: 300, channels: 3 as const } };
    const check = async (file: Buffer, id = 'amazon-main') =>
      rule(await checkCompliance(file, preset(id)), 'colour-space');
    expect((await check(await sharp(p.rgb, raw).withIccProfile('srgb').jpeg().toBuffer())).status).toBe(
      'pass',
    );
    expect(await check(await sharp(p.rgb, raw).jpeg().toBuffer())).toMatchObject({
      status: 'pass',
      measured: 'RGB without a profile (read as sRGB)',
    });
    const p3 = await check(await sharp(p.rgb, raw).withIccProfile('p3').jpeg().toBuffer());
    expect(p3.status).toBe('fail');
    expect(p3.measured).toMatch(/^RGB with the profile “.*P3.*”$/);
    const cmyk = await sharp(p.rgb, raw).toColourspace('cmyk').jpeg().toBuffer();
    expect((await check(cmyk)).measured).toBe('CMYK');
    expect((await check(cmyk)).status).toBe('pass');
    expect((await check(cmyk, 'walmart-main')).status).toBe('fail');
  });

  it('transparency: a PNG cut-out fails “no transparency”, and its alpha is the mask for fill', async () => {
    const rgba = Buffer.alloc(800 * 800 * 4);
    const box = centred(800, 720);
    for (let y = box.top; y < box.top + box.height; y++)
      for (let x = box.left; x < box.left + box.width; x++) rgba.set([...PRODUCT, 255], (y * 800 + x) * 4);
    const file = await sharp(rgba, { raw: { width: 800, height: 800, channels: 4 } })
      .png()
      .toBuffer();
    const m = await measureImage(file);
    expect(m.alpha.channel).toBe(true);
    expect(m.subject).toMatchObject({ source: 'alpha', box });
    const report = await checkCompliance(file, preset('amazon-main'));
    expect(rule(report, 'opaque')).toMatchObject({
      status: 'fail',
      measured: '19.0% of the pixels are transparent',
    });
    expect(rule(report, 'fill-ratio').status).toBe('pass');
    expect(rule(report, 'white-background').fix).toMatch(/transparent, not white/);
  });

  it('reads the IPTC digital source type from XMP; Google needs it only where AI made pixels', async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/></rdf:RDF></x:xmpmeta>`;
    const p = picture(400, 400, centred(400, 360));
    const raw = { raw: { width: 400, height: 400, channels: 3 as const } };
    const tagged = await sharp(p.rgb, raw).withXmp(xmp).jpeg().toBuffer();
    const plain = await sharp(p.rgb, raw).jpeg().toBuffer();
    expect((await measureImage(tagged)).digitalSourceType).toBe('trainedAlgorithmicMedia');
    expect(
      digitalSourceTypeOf(
        Buffer.from(
          '<Iptc4xmpExt:DigitalSourceType rdf:resource="http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"/>',
        ),
      ),
    ).toBe('compositeWithTrainedAlgorithmicMedia');
    const google = preset('google-merchant');
    expect(rule(await checkCompliance(tagged, google, { aiGenerated: true }), 'ai-source-type').status).toBe(
      'pass',
    );
    expect(rule(await checkCompliance(plain, google, { aiGenerated: true }), 'ai-source-type').status).toBe(
      'fail',
    );
    expect(rule(await checkCompliance(plain, google), 'ai-source-type').status).toBe('pass');
  });

  it('refuses bytes that are not an image with an EngineError', async () => {
    await expect(checkCompliance(Buffer.from('not an image'), preset('amazon-main'))).rejects.toBeInstanceOf(
      EngineError,
    );
  });
});

describe('compliance check: the local engine’s own result, with the mask it framed', () => {
  const run = async (plan: ReturnType<typeof makePlan>) => {
    sourceCache.clear();
    const photo = syntheticPhoto(400, 320, { left: 140, top: 80, width: 120, height: 160 });
    return runPlanWith(exactSegmenter(), { image: await encodePhoto(photo), plan, withSubjectMask: true });
  };

  it('Amazon main’s own intent passes every rule: 92% fill on pure white, JPEG, 2000 px', async () => {
    const result = await run(preset('amazon-main').intent);
    expect(result.subjectMask).toMatchObject({ width: 2000, height: 2000 });
    // One byte per pixel, placed where the product is: solid in its middle, clear in the padding.
    const mask = result.subjectMask!;
    expect(mask.data.length).toBe(2000 * 2000);
    expect(mask.data[1000 * 2000 + 1000]).toBe(255);
    expect(mask.data[1000 * 2000 + 300]).toBe(0);
    expect(mask.data[1000 * 2000 + 1700]).toBe(0);
    expect(mask.data[50 * 2000 + 1000]).toBe(0);
    const report = await checkCompliance(result.data, preset('amazon-main'), { mask: result.subjectMask });
    expect(report.rules.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(rule(report, 'fill-ratio').measured).toMatch(
      /^92\.0% \(product 1380 × 1840 px in 2000 × 2000; Backdrop’s mask\)/,
    );
    expect(rule(report, 'white-background').measured).toMatch(/^100\.0% white/);
  });

  it('a model’s faint haze and long soft edge do not tint the white: the background stays exactly 255', async () => {
    // The model's matte as real photos give it: a ramp of faint alpha up to 12 px beyond the product, a
    // faint cloud across the background, and a detached patch (a reflection) of 24/255.
    const box = { left: 200, top: 70, width: 500, height: 760 };
    const exact = exactSegmenter();
    const hazy: Segmenter = {
      ...exact,
      async segment(image) {
        const found = await exact.segment(image);
        const { alpha, width } = found;
        for (let y = 0; y < image.height; y++)
          for (let x = 0; x < width; x++) {
            const d = Math.max(
              box.left - x,
              x - (box.left + box.width - 1),
              box.top - y,
              y - (box.top + box.height - 1),
            );
            if (d > 0)
              alpha[y * width + x] = d <= 12 ? 26 - 2 * d : x > 40 && x < 120 && y > 40 && y < 120 ? 24 : 4;
          }
        return found;
      },
    };
    sourceCache.clear();
    const photo = syntheticPhoto(900, 900, box);
    const result = await runPlanWith(hazy, {
      image: await encodePhoto(photo),
      plan: preset('amazon-main').intent,
      withSubjectMask: true,
    });
    const report = await checkCompliance(result.data, preset('amazon-main'), { mask: result.subjectMask });
    expect(rule(report, 'white-background')).toMatchObject({ status: 'pass' });
    expect(rule(report, 'white-background').measured).toMatch(/^100\.0% white/);
    expect(report.rules.filter((r) => r.status !== 'pass')).toEqual([]);
    // The patch and the cloud are gone from the pixels and from the mask the check measured.
    const { data } = await sharp(result.data).raw().toBuffer({ resolveWithObject: true });
    const corner = (100 * 2000 + 100) * 3;
    expect([data[corner], data[corner + 1], data[corner + 2]]).toEqual([255, 255, 255]);
    expect(result.subjectMask!.data[100 * 2000 + 100]).toBe(0);
  });

  it('too much padding fails fill with the padding to use; a grey fill fails the background', async () => {
    const intent = preset('amazon-main').intent;
    const padded = {
      ...intent,
      frame: {
        ...intent.frame,
        width: { px: 800 },
        height: { px: 800 },
        padding: {
          top: { percent: 12 },
          right: { percent: 12 },
          bottom: { percent: 12 },
          left: { percent: 12 },
        },
      },
    };
    const loose = await run(padded);
    const report = await checkCompliance(loose.data, preset('amazon-main'), { mask: loose.subjectMask });
    expect(rule(report, 'fill-ratio')).toMatchObject({ status: 'fail' });
    expect(rule(report, 'fill-ratio').fix).toMatch(/^Padding 12% → 7\.5% or less/);
    const grey = await run({ ...padded, frame: intent.frame, background: { kind: 'color', hex: '#EEEEEE' } });
    const greyReport = await checkCompliance(grey.data, preset('amazon-main'), { mask: grey.subjectMask });
    expect(rule(greyReport, 'white-background').fix).toBe(
      'The background is RGB 238,238,238, not white: set the background colour to #FFFFFF.',
    );
    expect(rule(greyReport, 'fill-ratio').status).toBe('pass');
  });

  it('returns the mask at the result’s size, and none for a preview or when not asked', async () => {
    expect((await run(makePlan())).subjectMask).toMatchObject({ width: 400, height: 320 });
    sourceCache.clear();
    const photo = syntheticPhoto();
    const plain = await runPlanWith(exactSegmenter(), { image: await encodePhoto(photo), plan: makePlan() });
    expect(plain.subjectMask).toBeUndefined();
    const preview = await runPlanWith(exactSegmenter(), {
      image: await encodePhoto(photo),
      plan: makePlan(),
      maxSide: 100,
      withSubjectMask: true,
    });
    expect(preview.subjectMask).toBeUndefined();
  });
});
