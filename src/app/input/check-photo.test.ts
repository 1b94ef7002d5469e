import { describe, expect, it } from 'vitest';
import type { ExecutorInfo } from '../../recipe/api-types.ts';
import { FALLBACK_LIMITS } from '../api/hooks.ts';
import { formatBytes, refusalFor } from './check-photo.ts';

const limits = { ...FALLBACK_LIMITS, maxBytes: 6 * 1024 * 1024, maxMegapixels: 50 };

describe('refusalFor', () => {
  it('accepts a JPEG within every limit', () => {
    expect(
      refusalFor({ name: 'a.jpg', size: 1000 }, { type: 'image/jpeg', width: 100, height: 100 }, limits),
    ).toBeNull();
  });

  it('names the file, the actual value, the limit and what to do', () => {
    const bytes = refusalFor(
      { name: 'big.jpg', size: 7 * 1024 * 1024 },
      { type: 'image/jpeg', width: 10, height: 10 },
      limits,
    );
    expect(bytes).toBe(
      '“big.jpg” is 7.0 MB; the server accepts up to 6.0 MB. Export a smaller file (lower quality or fewer pixels) and try again.',
    );
    const mp = refusalFor(
      { name: 'huge.png', size: 100 },
      { type: 'image/png', width: 30000, height: 30000 },
      limits,
    );
    expect(mp).toContain('30000 × 30000 px (900 MP)');
    expect(mp).toContain('up to 50 MP');
    const type = refusalFor(
      { name: 'scan.bmp', size: 100 },
      { type: 'image/bmp', width: 1, height: 1 },
      limits,
    );
    expect(type).toContain('is a BMP image; the server accepts JPEG, PNG, WebP');
    expect(refusalFor({ name: 'notes.txt', size: 5 }, null, limits)).toContain('“notes.txt” is not an image');
  });

  it('refuses HEIC when only the local engine runs, saying which executors would take it', () => {
    const executors: ExecutorInfo[] = [
      {
        id: 'local',
        label: 'Local engine',
        available: true,
        dialects: ['claid'],
        concurrency: 1,
        inputTypes: limits.types,
      },
      {
        id: 'claid',
        label: 'Claid',
        available: false,
        reason: 'No CLAID_API_KEY is set on the server.',
        dialects: ['claid'],
        concurrency: 4,
        inputTypes: [...limits.types, 'image/heic'],
      },
    ];
    const header = { type: 'image/heic', width: 4032, height: 3024 };
    expect(refusalFor({ name: 'IMG_0042.heic', size: 2e6 }, header, limits, executors)).toBe(
      '“IMG_0042.heic” is HEIC, which the local engine cannot decode on this server. Export it as JPEG or PNG ' +
        '(on an iPhone: Settings › Camera › Formats › Most Compatible), or run it on Claid, which accepts HEIC ' +
        '(it needs an API key set on the server).',
    );
    // With Claid available the photo is let in; Run then says the local engine cannot take it.
    const withClaid = executors.map((e) => ({ ...e, available: true }));
    const open = { ...limits, types: [...limits.types, 'image/heic'] };
    expect(refusalFor({ name: 'IMG_0042.heic', size: 2e6 }, header, open, withClaid)).toBeNull();
  });

  it('formats sizes the way people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(40 * 1024)).toBe('40 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MB');
  });
});
