import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('./backdrop.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'backdrop-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const run = (args: string[], input?: string) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('backdrop check', () => {
  it('prints canonical JSON (docs key order) and exits 0 for a sendable request with warnings', () => {
    const path = file(
      'ok.json',
      '{"output":{"format":"jpeg"},"operations":{"background":{"color":"transparent","remove":true}}}',
    );
    const { code, stdout, stderr } = run(['check', path]);
    expect(code).toBe(0);
    expect(Object.keys(JSON.parse(stdout))).toEqual(['operations', 'output']);
    expect(stdout).toContain('"remove": true,\n      "color": "transparent"');
    expect(stderr).toMatch(
      /^warning operations\.background\.color: .*PNG, WebP or AVIF.*\(line 1, column \d+\)$/m,
    );
  });
  it('exits 1 with each error as "error PATH: message"', () => {
    const path = file('bad.json', '{\n  "background": {"remove": "magic", "color": "white"}\n}');
    const { code, stdout, stderr } = run(['check', '--dialect', 'deep-image', path]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ background: { remove: 'magic', color: 'white' } });
    expect(stderr).toMatch(/^error background\.remove: "magic" is not a value .*"auto"/m);
    expect(stderr).toMatch(/^error background\.color: .*hex colour/m);
  });
  it('reads standard input with -, detects the dialect, and hints at the modern form of legacy requests', () => {
    const { code, stdout, stderr } = run(
      ['check', '-'],
      '{"remove_background": {"type": "item", "background": "#FFFFFF"}}',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ remove_background: { type: 'item', background: '#FFFFFF' } });
    expect(stderr).toMatch(/^warning remove_background: /m);
    expect(stderr).toContain('"remove": "item"');
  });
  it('exits 1 for broken JSON, pointing at the line', () => {
    const { code, stdout, stderr } = run(['check', '-'], '{\n  "operations": {,}\n}');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error \(request\): This is not valid JSON: .*\(line 2, column 18\)/m);
  });
  it.each([
    [['check'], /exactly one request file/],
    [['check', 'a.json', 'b.json'], /exactly one request file/],
    [['check', '--dialect', 'photoshop', '-'], /--dialect must be "claid" or "deep-image"/],
    [['check', '--frobnicate', '-'], /Unknown option/],
    [['check', join(dir, 'missing.json')], /Cannot read .*missing\.json: no such file/],
    [['check', dir], /it is a folder/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [[], /Usage: backdrop <command>/],
    [['translate', '-'], /--to claid or --to deep-image/],
  ])('usage error %j exits 2 and says what to do', (args, message) => {
    const { code, stderr } = run(args, '{}');
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
  it('--help lists the commands and exits 0', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/check\s+Check a request/);
    expect(stdout).toMatch(/translate\s+Translate/);
    expect(run(['check', '--help']).stdout).toContain('backdrop check [--dialect claid|deep-image] FILE|-');
  });
});

describe('backdrop translate', () => {
  it('claid → deep-image: the request on stdout, the loss report on stderr', () => {
    const path = file(
      'blur.json',
      JSON.stringify({ operations: { background: { blur: true } }, output: { format: 'png' } }),
    );
    const { code, stdout, stderr } = run(['translate', '--to', 'deep-image', path]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ output_format: 'png' });
    expect(stderr).toMatch(/^dropped operations\.background\.blur: .*no blur/m);
  });
  it('deep-image → claid from stdin', () => {
    const input = JSON.stringify({
      width: 1000,
      height: 1000,
      fit: { crop: 'item' },
      background: { remove: 'item', color: '#FFFFFF' },
      padding: 100,
    });
    const { code, stdout, stderr } = run(['translate', '--to', 'claid', '-'], input);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).operations.padding).toBe('10%');
    expect(stderr).toMatch(/^approximated padding: /m);
  });
  it('refuses to translate a request with errors (exit 1)', () => {
    const { code, stdout, stderr } = run(
      ['translate', '--to', 'claid', '-'],
      '{"background": {"remove": 42}}',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error background\.remove: /m);
    expect(stderr).toMatch(/not translated/);
  });
});
