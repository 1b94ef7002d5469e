import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { expandFiles, unpackZip } from './ingest.ts';

const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n, n, n, n]);

function fileIn(path: string, bytes: Uint8Array | string, type = ''): File {
  const file = new File([bytes as BlobPart], path.split('/').pop()!, { type });
  // What react-dropzone's file-selector sets for a dropped folder's files.
  Object.defineProperty(file, 'path', { value: `./${path}` });
  return file;
}

describe('unpackZip', () => {
  it('takes the photos (stored or deflated, in sub-folders), skips system files silently and lists the rest', async () => {
    const zip = zipSync({
      'spring/red.jpg': [jpeg(1), { level: 0 }],
      'spring/blue.JPG': [jpeg(2), { level: 6 }],
      'notes.txt': strToU8('hello'),
      '__MACOSX/spring/._red.jpg': jpeg(3),
      '.DS_Store': strToU8('x'),
      'inner.zip': strToU8('PK'),
    });
    const out = await unpackZip(new Blob([zip as BlobPart]), 'shoot.zip', 1000);
    const photos = out.photos.map((p) => [p.name, p.path, p.bytes]).sort();
    expect(photos).toEqual([
      ['blue.JPG', 'shoot.zip/spring/blue.JPG', 8],
      ['red.jpg', 'shoot.zip/spring/red.jpg', 8],
    ]);
    const red = out.photos.find((p) => p.name === 'red.jpg')!;
    expect(new Uint8Array(await red.blob!.arrayBuffer())).toEqual(jpeg(1));
    expect(out.skipped.sort()).toEqual(['inner.zip', 'notes.txt']);
    expect(out.problems).toEqual([]);
  });

  it('does not inflate an entry past the upload limit: it comes back without bytes, with its size', async () => {
    const zip = zipSync({ 'huge.png': new Uint8Array(5000) });
    const out = await unpackZip(new Blob([zip as BlobPart]), 'a.zip', 1000);
    expect(out.photos).toHaveLength(1);
    expect(out.photos[0]!.blob).toBeNull();
    expect(out.photos[0]!.bytes).toBeGreaterThan(1000);
  });

  it('says so when the file is not a ZIP', async () => {
    const out = await unpackZip(new Blob(['not a zip at all, just words']), 'fake.zip', 1000);
    expect(out.photos).toEqual([]);
    expect(out.problems.join(' ')).toMatch(/fake\.zip is not a ZIP Backdrop can read/);
  });
});

describe('expandFiles', () => {
  it('keeps loose files as picked (even non-images), then folder photos in path order', async () => {
    const out = await expandFiles(
      [
        fileIn('shoot/b10.jpg', jpeg(1)),
        new File(['x'], 'loose.txt'),
        fileIn('shoot/b2.jpg', jpeg(2)),
        fileIn('shoot/readme.md', 'hi'),
        fileIn('shoot/.hidden.jpg', jpeg(3)),
      ],
      1000,
    );
    expect(out.photos.map((p) => p.path ?? p.name)).toEqual(['loose.txt', 'shoot/b2.jpg', 'shoot/b10.jpg']);
    expect(out.skipped).toEqual(['shoot/readme.md']);
  });

  it('unpacks a ZIP among the files', async () => {
    const zip = new File([zipSync({ 'a.png': jpeg(1) }) as BlobPart], 'more.zip', {
      type: 'application/zip',
    });
    const out = await expandFiles([zip], 1000);
    expect(out.photos.map((p) => p.path)).toEqual(['more.zip/a.png']);
  });
});

describe('a truncated ZIP', () => {
  it('keeps the entries that arrived whole and names the one cut short', async () => {
    const zip = zipSync({
      'a.jpg': [jpeg(1), { level: 0 }],
      'b.jpg': [new Uint8Array(4000).fill(7), { level: 0 }],
    });
    const cut = zip.slice(0, zip.length - 2500);
    const out = await unpackZip(new Blob([cut as BlobPart]), 'cut.zip', 10_000);
    expect(out.photos.map((p) => p.name)).toEqual(['a.jpg']);
    expect(out.problems).toEqual(['“b.jpg” in cut.zip is cut short; the ZIP is incomplete.']);
  });
});
