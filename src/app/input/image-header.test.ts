import { describe, expect, it } from 'vitest';
import { readImageHeader } from './image-header.ts';

const u8 = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];

describe('readImageHeader', () => {
  it('reads a PNG IHDR, including a huge declared size', () => {
    const png = u8(
      [0x89],
      'PNG',
      [13, 10, 26, 10],
      be32(13),
      'IHDR',
      be32(30000),
      be32(30000),
      [8, 6, 0, 0, 0],
    );
    expect(readImageHeader(png)).toEqual({ type: 'image/png', width: 30000, height: 30000 });
  });

  it('finds the JPEG frame size after an APP1 block, skipping DHT', () => {
    const app1 = [0xff, 0xe1, ...be16(2 + 20), ...new Array(20).fill(0)];
    const dht = [0xff, 0xc4, ...be16(2 + 4), 0, 0, 0, 0];
    const sof = [0xff, 0xc0, ...be16(17), 8, ...be16(1500), ...be16(1200), 3, ...new Array(9).fill(0)];
    const jpeg = u8([0xff, 0xd8], app1, dht, sof);
    expect(readImageHeader(jpeg)).toEqual({ type: 'image/jpeg', width: 1200, height: 1500 });
  });

  it('reads GIF, BMP and the three WebP chunk kinds', () => {
    expect(readImageHeader(u8('GIF89a', le16(640), le16(480), [0, 0, 0, 0]))).toEqual({
      type: 'image/gif',
      width: 640,
      height: 480,
    });
    const bmp = u8('BM', new Array(16).fill(0), le32(800), le32(-600 >>> 0), [0, 0]);
    expect(readImageHeader(bmp)).toEqual({ type: 'image/bmp', width: 800, height: 600 });
    const riff = (chunk: string, body: number[]) => u8('RIFF', le32(100), 'WEBP', chunk, le32(10), body);
    const vp8x = riff('VP8X', [0, 0, 0, 0, ...[999 & 255, 999 >> 8, 0], ...[499 & 255, 499 >> 8, 0]]);
    expect(readImageHeader(vp8x)).toEqual({ type: 'image/webp', width: 1000, height: 500 });
    const bits = (320 - 1) | ((200 - 1) << 14);
    expect(readImageHeader(riff('VP8L', [0x2f, ...le32(bits), 0, 0, 0, 0]))).toEqual({
      type: 'image/webp',
      width: 320,
      height: 200,
    });
    const vp8 = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(256), ...le16(128)]);
    expect(readImageHeader(vp8)).toEqual({ type: 'image/webp', width: 256, height: 128 });
  });

  it('reads TIFF tags in both byte orders', () => {
    const ifd = (le: boolean) => {
      const w16 = le ? le16 : be16;
      const w32 = le ? le32 : be32;
      return [
        ...w16(2),
        ...w16(256),
        ...w16(3),
        ...w32(1),
        ...w16(2048),
        0,
        0,
        ...w16(257),
        ...w16(4),
        ...w32(1),
        ...w32(1536),
      ];
    };
    expect(readImageHeader(u8('II*\0', le32(8), ifd(true)))).toEqual({
      type: 'image/tiff',
      width: 2048,
      height: 1536,
    });
    expect(readImageHeader(u8('MM\0*', be32(8), ifd(false)))).toEqual({
      type: 'image/tiff',
      width: 2048,
      height: 1536,
    });
  });

  it('tells AVIF from HEIC and takes the largest ispe', () => {
    const ispe = (w: number, h: number) => [
      ...be32(20),
      ...[...'ispe'].map((c) => c.charCodeAt(0)),
      0,
      0,
      0,
      0,
      ...be32(w),
      ...be32(h),
    ];
    const file = (brand: string) =>
      u8(be32(24), 'ftyp', brand, new Array(12).fill(0), ispe(160, 120), ispe(4000, 3000));
    expect(readImageHeader(file('avif'))).toEqual({ type: 'image/avif', width: 4000, height: 3000 });
    expect(readImageHeader(file('heic'))).toEqual({ type: 'image/heic', width: 4000, height: 3000 });
  });

  it('returns null for text, PDFs and short junk', () => {
    expect(readImageHeader(u8('hello, this is plain text'))).toBeNull();
    expect(readImageHeader(u8('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBeNull();
    expect(readImageHeader(u8([0x89, 0x50]))).toBeNull();
  });

  it('reads a HEIC’s primary item size, not its larger coded tile, and turns it with irot', () => {
    const box = (type: string, ...body: number[][]) => {
      const payload = body.flat();
      return [...be32(8 + payload.length), ...[...type].map((c) => c.charCodeAt(0)), ...payload];
    };
    const full = (type: string, ...body: number[][]) => box(type, [0, 0, 0, 0], ...body);
    // heif-enc's layout for a 16×12 photo: a 64×64 coded tile (property 1) and the grid item (2).
    const heic = (rotate: number) =>
      u8(
        box(
          'ftyp',
          [...'heic'].map((c) => c.charCodeAt(0)),
          be32(0),
        ),
        full(
          'meta',
          full('pitm', be16(2)),
          box(
            'iprp',
            box(
              'ipco',
              full('ispe', be32(64), be32(64)),
              full('ispe', be32(16), be32(12)),
              box('irot', [rotate]),
            ),
            full('ipma', be32(2), be16(1), [1, 0x81], be16(2), [2, 0x02, 0x83]),
          ),
        ),
      );
    expect(readImageHeader(heic(0))).toEqual({ type: 'image/heic', width: 16, height: 12 });
    expect(readImageHeader(heic(1))).toEqual({ type: 'image/heic', width: 12, height: 16 });
  });
});
