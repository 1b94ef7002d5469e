import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors.ts';
import { cutJpeg, gradientJpeg } from '../testing/hard-inputs.ts';
import { decodeMask, encodeMask } from './mask-io.ts';

const grey = (values: number[], width: number, height: number) =>
  sharp(Buffer.from(values), { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();

describe('decodeMask / encodeMask', () => {
  it('reads a grey PNG byte for byte and writes one back', async () => {
    const values = [0, 64, 128, 255, 10, 20];
    const alpha = await decodeMask(await grey(values, 3, 2), { width: 3, height: 2 });
    expect([...alpha]).toEqual(values);
    const png = await encodeMask(Buffer.from(values), 3, 2);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.channels, meta.width, meta.height]).toEqual(['png', 1, 3, 2]);
    expect([...(await decodeMask(png, { width: 3, height: 2 }))]).toEqual(values);
  });

  it("uses a cut-out's alpha, and an opaque RGBA file's grey level (what a canvas writes)", async () => {
    const rgba = (alphas: number[]) =>
      sharp(Buffer.from(alphas.flatMap((a, i) => [i * 100, i * 100, i * 100, a])), {
        raw: { width: 2, height: 1, channels: 4 },
      })
        .png()
        .toBuffer();
    expect([...(await decodeMask(await rgba([0, 200]), { width: 2, height: 1 }))]).toEqual([0, 200]);
    expect([...(await decodeMask(await rgba([255, 255]), { width: 2, height: 1 }))]).toEqual([0, 100]);
  });

  it('refuses a mask of another size, naming both sizes', async () => {
    const png = await grey([0, 0, 0, 0], 2, 2);
    const error = await decodeMask(png, { width: 3, height: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('bad-mask');
    expect((error as EngineError).message).toContain('is 2×2; the photo is 3×2');
  });

  it('refuses bytes that are no image', async () => {
    const error = await decodeMask(Buffer.from('not a png'), { width: 1, height: 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as EngineError).code).toBe('bad-mask');
  });

  it('refuses a mask cut short, in the decoder’s words (it would decode with grey rows)', async () => {
    const cut = cutJpeg(await gradientJpeg());
    const error = await decodeMask(cut, { width: 600, height: 400 }).catch((e: unknown) => e);
    expect((error as EngineError).code).toBe('bad-mask');
    expect((error as EngineError).message).toBe(
      'The mask could not be read (the decoder reports “Corrupt JPEG data: premature end of data segment”); give a PNG, white where the subject is.',
    );
  });
});
