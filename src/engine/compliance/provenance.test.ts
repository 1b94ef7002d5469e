/** The IPTC DigitalSourceType label written into results: JPEG and PNG without re-encoding, others through sharp. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { measureImage } from './measure.ts';
import { withDigitalSourceType } from './provenance.ts';

const raw = (file: Buffer) => sharp(file).raw().toBuffer();
const base = () =>
  sharp({ create: { width: 120, height: 80, channels: 3, background: '#e0d0c0' } }).composite([
    {
      input: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><circle cx="30" cy="20" r="18" fill="#c33"/></svg>',
      ),
      left: 30,
      top: 20,
    },
  ]);

describe('withDigitalSourceType', () => {
  it('adds the label to a JPEG as an APP1 XMP segment, leaving the compressed image untouched', async () => {
    const jpeg = await base().jpeg({ quality: 80 }).toBuffer();
    const tagged = await withDigitalSourceType(jpeg);
    expect(tagged.length).toBeGreaterThan(jpeg.length);
    // Everything after SOI and the JFIF segment is byte for byte the same: only a segment was inserted.
    expect(tagged.includes(jpeg.subarray(20))).toBe(true);
    expect((await raw(tagged)).equals(await raw(jpeg))).toBe(true);
    expect((await measureImage(tagged)).digitalSourceType).toBe('trainedAlgorithmicMedia');
  });

  it('adds an iTXt XML:com.adobe.xmp chunk to a PNG (valid CRC: sharp and libpng read it)', async () => {
    const png = await base().png().toBuffer();
    const tagged = await withDigitalSourceType(png, 'compositeWithTrainedAlgorithmicMedia');
    expect((await raw(tagged)).equals(await raw(png))).toBe(true);
    expect((await measureImage(tagged)).digitalSourceType).toBe('compositeWithTrainedAlgorithmicMedia');
    // Re-encoding through libpng fails on a bad chunk CRC.
    await expect(sharp(tagged).png().toBuffer()).resolves.toBeInstanceOf(Buffer);
  });

  it('re-writes other formats with the packet (WebP), and leaves an already labelled file as it is', async () => {
    const webp = await base().webp({ quality: 90 }).toBuffer();
    const tagged = await withDigitalSourceType(webp);
    expect((await sharp(tagged).metadata()).format).toBe('webp');
    expect((await measureImage(tagged)).digitalSourceType).toBe('trainedAlgorithmicMedia');
    expect(await withDigitalSourceType(tagged)).toBe(tagged);
  });
});
