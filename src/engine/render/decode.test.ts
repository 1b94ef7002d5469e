import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { animation, cutJpeg, gradientJpeg, heicSample, pngWithBadTextChunk } from '../testing/hard-inputs.ts';
import { checkDecodes, damageReason, decodeImage } from './decode.ts';
import { decoderReport } from './decoder-report.ts';
import { decodableFormats, formatIdOf, IMAGE_FORMATS } from './formats.ts';

const samples = path.join(import.meta.dirname, 'decoder-samples');

describe('decoder probe', () => {
  it('lists exactly the formats whose sample this sharp decodes, HEIC out (no HEVC decoder in its libvips)', async () => {
    const really: string[] = [];
    for (const format of IMAGE_FORMATS) {
      const bytes = readFileSync(path.join(samples, format.sample));
      const ok = await sharp(bytes)
        .raw()
        .toBuffer()
        .then(() => true)
        .catch(() => false);
      if (ok) really.push(format.id);
    }
    expect((await decodableFormats()).map((f) => f.id)).toEqual(really);
    expect(really).toEqual(['jpeg', 'png', 'webp', 'avif', 'tiff', 'gif']);
  });

  it('each sample is the format it claims (the HEIC one is HEVC-coded, made by a real encoder)', async () => {
    for (const format of IMAGE_FORMATS) {
      const meta = await sharp(readFileSync(path.join(samples, format.sample))).metadata();
      expect(formatIdOf(meta), format.sample).toBe(format.id);
    }
    expect((await sharp(heicSample()).metadata()).compression).toBe('hevc');
  });
});

describe('decodeImage: honest about what it could not read', () => {
  it('refuses HEIC by name, naming the decoder and what to do', async () => {
    await expect(decodeImage(heicSample())).rejects.toMatchObject({
      code: 'unsupported-format',
      format: 'heic',
      message: expect.stringMatching(
        /^The image is HEIC, which .*libvips [\d.]+.* cannot decode\. Export it as JPEG or PNG/,
      ),
    });
  });

  it('refuses a JPEG cut to 60% that still ends in FF D9, with the decoder’s own words', async () => {
    const cut = cutJpeg(await gradientJpeg());
    expect(cut.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    const expected = {
      code: 'damaged-image',
      message: expect.stringContaining('“Corrupt JPEG data: premature end of data segment”'),
    };
    await expect(decodeImage(cut)).rejects.toMatchObject(expected);
    await expect(decodeImage(cut, { maxSide: 512 })).rejects.toMatchObject(expected);
    await expect(checkDecodes(cut)).rejects.toMatchObject(expected);
  });

  it('refuses the same damage on every decode, not only the first (libvips’ cache would replay it clean)', async () => {
    const cut = cutJpeg(await gradientJpeg(), 0.7);
    for (let i = 0; i < 3; i++)
      await expect(checkDecodes(cut)).rejects.toMatchObject({ code: 'damaged-image' });
  });

  it('refuses a PNG and a GIF cut short with their end chunks put back', async () => {
    const png = await sharp(await gradientJpeg())
      .png({ progressive: true })
      .toBuffer();
    const cutPng = Buffer.concat([png.subarray(0, png.length * 0.6), png.subarray(-12)]);
    await expect(decodeImage(cutPng)).rejects.toMatchObject({
      code: 'damaged-image',
      message: expect.stringContaining('“not enough data”'),
    });
    // Flat colours: quantising a noisy photo to a palette takes libimagequant seconds.
    const gif = await sharp({ create: { width: 200, height: 150, channels: 3, background: '#c8321e' } })
      .composite([{ input: { create: { width: 100, height: 75, channels: 3, background: '#1e8c3c' } } }])
      .gif()
      .toBuffer();
    const cutGif = Buffer.concat([gif.subarray(0, gif.length * 0.6), Buffer.from([0x3b])]);
    await expect(decodeImage(cutGif)).rejects.toMatchObject({
      code: 'damaged-image',
      message: expect.stringContaining('Unexpected end of GIF source data'),
    });
  });

  it('decodes a PNG with a broken text chunk but keeps the decoder’s warning', async () => {
    const png = await sharp(await gradientJpeg(64, 48))
      .png()
      .toBuffer();
    const decoded = await decodeImage(pngWithBadTextChunk(png));
    expect([decoded.width, decoded.height]).toEqual([64, 48]);
    expect(decoded.decoderWarnings).toEqual(['tEXt: CRC error']);
    expect((await checkDecodes(pngWithBadTextChunk(png))).decoderWarnings).toEqual(['tEXt: CRC error']);
  });

  it('the reason is the decoder’s report on the image alone, whatever the in-process error said', async () => {
    const cut = cutJpeg(await gradientJpeg());
    // What a failed decode says when another pipeline took its warning (sharp's queue is process-wide).
    const generic = new Error('Warning treated as error due to failOn setting');
    expect(await damageReason(cut, generic)).toBe('Corrupt JPEG data: premature end of data segment');
    expect(await decoderReport(cut)).toEqual({
      warnings: ['Corrupt JPEG data: premature end of data segment'],
      error: null,
    });
  });

  it('gives each image its own words while other decodes run at once', async () => {
    const cut = cutJpeg(await gradientJpeg());
    const good = await gradientJpeg(1200, 800);
    const png = await sharp(await gradientJpeg(64, 48))
      .png()
      .toBuffer();
    const others = Array.from({ length: 6 }, () => sharp(good).resize(300).png().toBuffer());
    const [damaged, warned, clean] = await Promise.all([
      Promise.all([0, 1, 2].map(() => checkDecodes(cut).catch((error: Error) => error.message))),
      checkDecodes(pngWithBadTextChunk(png)),
      Promise.all([0, 1, 2].map(() => checkDecodes(good))),
      ...others,
    ]);
    for (const message of damaged as string[])
      expect(message).toContain('“Corrupt JPEG data: premature end of data segment”');
    expect((warned as { decoderWarnings: string[] }).decoderWarnings).toEqual(['tEXt: CRC error']);
    for (const checked of clean as { decoderWarnings: string[] }[])
      expect(checked.decoderWarnings).toEqual([]);
  });

  it('says how many frames an animation has and decodes the first', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const decoded = await decodeImage(await animation(format, 3));
      expect(decoded.frames, format).toBe(3);
      expect([decoded.width, decoded.height]).toEqual([96, 64]);
      // Frame 1 is red (#c8321e); frame 2 green.
      expect(decoded.rgb[0]!, format).toBeGreaterThan(150);
      expect(decoded.rgb[1]!, format).toBeLessThan(100);
    }
    expect((await decodeImage(await gradientJpeg(32, 24))).frames).toBe(1);
  });
});
