/**
 * The test-only third provider (src/recipe/testing/cutout/, registered here and named nowhere else) is a
 * `--dialect` and a `--to` of the command line, and its usage lines list it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCutout } from '../recipe/testing/cutout/index.ts';
import { runCli } from './main.ts';

let unregister: () => void;
beforeAll(() => {
  unregister = registerCutout();
});
afterAll(() => unregister());

describe('a third provider on the command line', () => {
  it('is a --dialect and --to of the command line, listed in its usage', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = (stdin: string) => ({
      stdout: (text: string) => out.push(text),
      stderr: (text: string) => err.push(text),
      readStdin: () => Promise.resolve(stdin),
    });
    expect(await runCli(['check', '--dialect', 'cutout', '-'], io('{"format":"jpeg","width":640}'))).toBe(0);
    expect(out.join('')).toBe('{\n  "format": "jpeg",\n  "width": 640\n}\n');
    out.length = 0;
    const code = await runCli(
      ['translate', '--to', 'cutout', '-'],
      io('{"output_format":"webp","min_length":800}'),
    );
    expect(code).toBe(0);
    expect(out.join('')).toBe('{\n  "format": "webp"\n}\n');
    expect(err.join('')).toContain(
      'dropped min_length: Cutout has no minimum side length; set a width instead.',
    );
    out.length = 0;
    expect(await runCli(['check', '--help'], io(''))).toBe(0);
    expect(out.join('')).toContain('--dialect claid|deep-image|cutout');
  });
});
