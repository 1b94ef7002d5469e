/** `backdrop run` and `backdrop mask` as a user runs them: spawned processes, files in a temp folder. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { animation, cutJpeg, gradientJpeg, heicSample } from '../../engine/testing/hard-inputs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'src/cli/backdrop.mjs');
let dir: string;

function backdrop(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [bin, ...args], { cwd: dir, timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-cli-'));
  await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3366cc' } })
    .jpeg()
    .toFile(path.join(dir, 'bottle.jpg'));
  await writeFile(path.join(dir, 'not-an-image.jpg'), 'hello');
  await writeFile(path.join(dir, 'IMG_0042.heic'), heicSample());
  await writeFile(path.join(dir, 'cut.jpg'), cutJpeg(await gradientJpeg()));
  await writeFile(path.join(dir, 'spin.gif'), await animation('gif', 3));
  await writeFile(
    path.join(dir, 'tiny.png'),
    await sharp(await gradientJpeg(12, 9))
      .png()
      .toBuffer(),
  );
  await writeFile(
    path.join(dir, 'resize.json'),
    JSON.stringify({ width: 160, height: 160, fit: 'crop', output_format: 'png' }),
  );
  await writeFile(
    path.join(dir, 'bad.json'),
    JSON.stringify({ operations: { background: { color: '#GGGGGG' } } }),
  );
  await writeFile(
    path.join(dir, 'remove.json'),
    JSON.stringify({
      operations: { background: { remove: true, color: 'transparent' } },
      output: { format: 'png' },
    }),
  );
});

describe('backdrop run', () => {
  it('writes bottle-backdrop.png next to where it runs and prints timings', async () => {
    const result = await backdrop(['run', 'bottle.jpg', 'resize.json']);
    expect(result.stderr).toMatch(/timings: decoding \d+ ms/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote bottle-backdrop.png (160×160, image/png');
    const meta = await sharp(await readFile(path.join(dir, 'bottle-backdrop.png'))).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 160, 160]);
  });

  it('warns when -o names another format than the request produces', async () => {
    const result = await backdrop(['run', 'bottle.jpg', 'resize.json', '-o', 'small.jpg']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('small.jpg holds PNG despite its .jpg name');
  });

  it('prints the request errors with their path and exits 1', async () => {
    const result = await backdrop(['run', 'bottle.jpg', 'bad.json', '-o', 'never.png']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error operations\.background\.color/);
  });

  it('names an image it cannot read and exits 1', async () => {
    const result = await backdrop(['run', 'not-an-image.jpg', 'resize.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'not-an-image.jpg: The image is not in a format this machine can decode; use JPEG, PNG, WebP, AVIF, TIFF or GIF.',
    );
    const missing = await backdrop(['run', 'nope.jpg', 'resize.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read the image nope.jpg: no such file');
  });

  it('refuses remote executors with a pointer to the server', async () => {
    const result = await backdrop(['run', 'bottle.jpg', 'resize.json', '--executor', 'claid']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('local engine only');
  });

  it('removes the background of a sample photo with the real model', async () => {
    const mug = path.join(root, 'public/samples/mug.jpg');
    const result = await backdrop(['run', mug, 'remove.json', '-o', 'mug.png']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/timings: .*segmenting \d+ ms/);
    expect(result.stderr).not.toContain('despite its');
    const { data, info } = await sharp(path.join(dir, 'mug.png')).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(0); // top-left corner is background
  }, 240_000);
});

describe('backdrop run --finish', () => {
  it('names each bad finishing setting by its path under finish and exits 1 before any work', async () => {
    await writeFile(
      path.join(dir, 'bad-finish.json'),
      JSON.stringify({ shadow: { type: 'glow', opacity: 2 }, place: {} }),
    );
    const result = await backdrop(['run', 'bottle.jpg', 'remove.json', '--finish', 'bad-finish.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error finish.shadow.type: "glow" is not a choice for Shadow');
    expect(result.stderr).toContain(
      'error finish.shadow.opacity: Opacity (shadow.opacity) must be between 0 and 1',
    );
    expect(result.stderr).toContain('error finish.place: "place" is not a finishing setting here');
    expect(result.stderr).toContain('bad-finish.json has errors');
  });

  it('says a shadow does nothing on the photo’s own background', async () => {
    await writeFile(path.join(dir, 'contact.json'), JSON.stringify({ shadow: { type: 'contact' } }));
    const result = await backdrop([
      'run',
      'bottle.jpg',
      'resize.json',
      '--finish',
      'contact.json',
      '-o',
      'kept.png',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('warning finish.shadow: No shadow was added');
  });
});

describe('inputs a new user tries', () => {
  it('refuses HEIC with the format named and what to do, for run and mask (exit 1)', async () => {
    for (const command of [
      ['run', 'IMG_0042.heic', 'resize.json'],
      ['mask', 'IMG_0042.heic'],
    ]) {
      const result = await backdrop(command);
      expect(result.code, command[0]).toBe(1);
      expect(result.stderr).toMatch(
        /IMG_0042\.heic: The image is HEIC, which the local engine cannot decode on this machine \(libvips [\d.]+ in sharp [\d.]+ has no HEIC decoder\)\. Export it as JPEG or PNG \(on an iPhone: Settings › Camera › Formats › Most Compatible\), or run it on Claid or Deep-Image through the server \(npm start\), which accept HEIC \(each needs its API key set on the server\)\./,
      );
    }
  });

  it('refuses a JPEG cut short that ends in FF D9, in the decoder’s words, and writes nothing', async () => {
    for (const command of [
      ['run', 'cut.jpg', 'resize.json', '-o', 'cut-out.png'],
      ['mask', 'cut.jpg', '-o', 'cut-mask.png'],
    ]) {
      const result = await backdrop(command);
      expect(result.code, command[0]).toBe(1);
      expect(result.stderr).toContain(
        'cut.jpg: The image is damaged: the decoder reports “Corrupt JPEG data: premature end of data segment”',
      );
      expect(result.stdout).toBe('');
    }
  });

  it('says which frame of an animated GIF it used', async () => {
    const result = await backdrop(['run', 'spin.gif', 'resize.json', '-o', 'spin.png']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'warning: The image is an animated GIF with 3 frames; the local engine edits still images, so it used frame 1 and left out the other 2.',
    );
  });

  it('refuses a 12×9 px photo for a cut-out instead of writing an empty one', async () => {
    const result = await backdrop(['run', 'tiny.png', 'remove.json', '-o', 'tiny-out.png']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tiny.png: The image is 12×9 px: too small for the subject model');
  });
});

describe('backdrop run --mask / --box', () => {
  it('uses a mask PNG instead of the model: its white part stays, the rest is cut', async () => {
    const alpha = Buffer.alloc(320 * 200);
    for (let y = 0; y < 200; y++) alpha.fill(255, y * 320, y * 320 + 160); // left half
    await sharp(alpha, { raw: { width: 320, height: 200, channels: 1 } })
      .png()
      .toFile(path.join(dir, 'left.png'));
    const result = await backdrop([
      'run',
      'bottle.jpg',
      'remove.json',
      '-o',
      'masked.png',
      '--mask',
      'left.png',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/timings: .*mask \d+ ms/);
    expect(result.stderr).not.toContain('segmenting');
    const { data, info } = await sharp(path.join(dir, 'masked.png'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([320, 200, 4]);
    expect(data[(100 * 320 + 40) * 4 + 3]).toBe(255);
    expect(data[(100 * 320 + 280) * 4 + 3]).toBe(0);
  });

  it('names a mask of the wrong size and a malformed box', async () => {
    await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toFile(path.join(dir, 'tiny.png'));
    const wrong = await backdrop(['run', 'bottle.jpg', 'remove.json', '--mask', 'tiny.png']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The mask is 10×10; the photo is 320×200');
    const box = await backdrop(['run', 'bottle.jpg', 'remove.json', '--box', '10,10,200']);
    expect(box.code).toBe(2);
    expect(box.stderr).toContain('--box has 3 number(s); write it as x,y,width,height');
    const both = await backdrop([
      'run',
      'bottle.jpg',
      'remove.json',
      '--box',
      '0,0,50,50',
      '--mask',
      'tiny.png',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give --box or --mask, not both');
  });

  it('segments inside a box with the real model: everything outside it is background', async () => {
    // The mug spans x ≈ 400..930; the box covers only its left part.
    const mug = path.join(root, 'public/samples/mug.jpg');
    const result = await backdrop([
      'run',
      mug,
      'remove.json',
      '-o',
      'mug-box.png',
      '--box',
      '300,500,400,720',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { data, info } = await sharp(path.join(dir, 'mug-box.png'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const alphaAt = (x: number, y: number) => data[(y * info.width + x) * 4 + 3]!;
    expect(alphaAt(500, 900)).toBe(255); // the mug, inside the box
    expect(alphaAt(800, 900)).toBe(0); // the mug too, but right of the box
  }, 240_000);
});

describe('backdrop mask', () => {
  it('writes a grey mask PNG', async () => {
    const mug = path.join(root, 'public/samples/mug.jpg');
    const result = await backdrop(['mask', mug, '-o', 'mask.png']);
    expect(result.code, result.stderr).toBe(0);
    const meta = await sharp(path.join(dir, 'mask.png')).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([1400, 1400, 1]);
  }, 240_000);
});
