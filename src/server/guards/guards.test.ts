/** Magic-byte sniffing. (The SSRF guard's tests are in ../security/ssrf.test.ts.) */
import { describe, expect, it } from 'vitest';
import { sniffImageType } from './image-type.ts';

describe('sniffImageType', () => {
  const ftyp = (brand: string, compat: string[] = []) => {
    const box = Buffer.alloc(16 + compat.length * 4);
    box.writeUInt32BE(box.length, 0);
    box.write('ftyp', 4, 'latin1');
    box.write(brand, 8, 'latin1');
    compat.forEach((c, i) => box.write(c, 16 + i * 4, 'latin1'));
    return box;
  };
  it('recognises each accepted type from magic bytes', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))?.mime).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))?.mime).toBe('image/webp');
    expect(sniffImageType(Buffer.from('GIF89a', 'latin1'))?.mime).toBe('image/gif');
    expect(sniffImageType(Buffer.from('II*\0', 'latin1'))?.mime).toBe('image/tiff');
    expect(sniffImageType(ftyp('avif'))?.mime).toBe('image/avif');
    expect(sniffImageType(ftyp('mif1', ['avif']))?.mime).toBe('image/avif');
    expect(sniffImageType(ftyp('heic'))?.mime).toBe('image/heic');
    expect(sniffImageType(ftyp('mp42'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns=', 'latin1'))).toBeNull();
  });
});
