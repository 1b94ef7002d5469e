import { describe, expect, it } from 'vitest';
import { downloadName } from './download-name.ts';

describe('downloadName', () => {
  it('is <photo-name>-backdrop.<ext> with the result’s extension', () => {
    expect(downloadName('bottle.jpg', 'image/png')).toBe('bottle-backdrop.png');
    expect(downloadName('Bottle shot 02.JPEG', 'jpeg')).toBe('Bottle shot 02-backdrop.jpg');
    expect(downloadName('mug.png', 'image/webp')).toBe('mug-backdrop.webp');
  });

  it('keeps names safe on every OS and never empty', () => {
    expect(downloadName('a/b\\c:d*e?.png', 'image/png')).toBe('a-b-c-d-e-backdrop.png');
    expect(downloadName('.png', undefined)).toBe('photo-backdrop.png');
    expect(downloadName('tab\there.jpg', 'image/avif')).toBe('tabhere-backdrop.avif');
  });

  it("names the server's stored results and previews the same way (output formats, a suffix)", () => {
    expect(downloadName('Café crème.JPG', 'jpeg')).toBe('Café crème-backdrop.jpg');
    expect(downloadName('mug.jpg', 'webp', 'preview')).toBe('mug-preview.webp');
    expect(downloadName('perfume.jpg', 'png', 'mask')).toBe('perfume-mask.png');
  });
});
