import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EngineError } from './errors.ts';
import { rawPixels } from './render/synthetic.ts';
import { applyMaskToCutout, cutoutMask } from './touch-up.ts';

const W = 4;
const H = 2;
/** Photo: red left half, blue right half. */
const photo = () =>
  sharp(
    Buffer.from(Array.from({ length: W * H }, (_, p) => (p % W < 2 ? [200, 0, 0] : [0, 0, 200])).flat()),
    {
      raw: { width: W, height: H, channels: 3 },
    },
  )
    .png()
    .toBuffer();
/** The provider kept the left half (its own, slightly different red) and cut the right half. */
const cutout = (alphaRight = 0, width = W) =>
  sharp(
    Buffer.from(
      Array.from({ length: width * H }, (_, p) =>
        p % width < 2 ? [210, 10, 10, 255] : [0, 0, 0, alphaRight],
      ).flat(),
    ),
    { raw: { width, height: H, channels: 4 } },
  )
    .png()
    .toBuffer();
const mask = (values: number[]) =>
  sharp(Buffer.from(values), { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();

describe('applyMaskToCutout', () => {
  it("keeps the provider's colours, brings the photo back where it had cut, and takes the edited alpha", async () => {
    const edited = await mask([0, 255, 255, 128, 0, 255, 255, 128]);
    const out = await applyMaskToCutout(await cutout(), await photo(), edited);
    expect(out.format).toBe('png');
    const { at } = await rawPixels(out.data);
    expect(at(0, 0)).toEqual([210, 10, 10, 0]); // erased
    expect(at(1, 0)).toEqual([210, 10, 10, 255]); // kept as the provider made it
    expect(at(2, 0)).toEqual([0, 0, 200, 255]); // restored: the photo's own pixels
    expect(at(3, 1)).toEqual([0, 0, 200, 128]);
    expect(out.warnings[0]!.message).toContain('Touched up in Backdrop');
  });

  it('refuses an opaque result and a reframed one, saying why', async () => {
    const opaque = await applyMaskToCutout(
      await cutout(255),
      await photo(),
      await mask(Array(8).fill(255)),
    ).catch((e: unknown) => e);
    expect((opaque as EngineError).code).toBe('not-a-cutout');
    expect((opaque as EngineError).message).toContain('no transparency');
    const wider = await applyMaskToCutout(
      await cutout(0, 6),
      await photo(),
      await mask(Array(8).fill(255)),
    ).catch((e: unknown) => e);
    expect((wider as EngineError).message).toContain('result is 6×2 and the photo 4×2');
  });
});

describe('cutoutMask', () => {
  it("is the provider cut-out's alpha as a grey PNG", async () => {
    const { png } = await cutoutMask(await cutout(40), await photo());
    expect((await sharp(png).metadata()).channels).toBe(1);
    const data = await sharp(png).extractChannel(0).raw().toBuffer();
    expect([...data]).toEqual([255, 255, 40, 40, 255, 255, 40, 40]);
  });
});
