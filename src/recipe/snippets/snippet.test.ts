/* eslint-disable no-restricted-imports -- tests run in Node: they execute bash and python3 on the snippets */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJs } from 'acorn';
import { describe, expect, it } from 'vitest';
import { snippet, type Dialect, type JsonObject } from '../index.ts';

/** Strings that break naive quoting in shell, JS and Python. */
const NASTY = `it's a "mug" $(touch /tmp/pwned) \`id\` \\ back\nslash ☕ \u2028 {x}`;
const REQUESTS: Record<Dialect, JsonObject> = {
  claid: {
    operations: { background: { remove: { selective: { object_to_keep: NASTY } }, color: 'transparent' } },
    output: { format: 'png' },
  },
  'deep-image': {
    background: { generate: { description: NASTY, color: [1, 2, 3], sample_num: 7 } },
    output_format: 'webp',
    note: null,
    flag: true,
  },
};
const IMAGE = `my product's "shot" $(x).jpg`;
const cases = (['claid', 'deep-image'] as const).flatMap((dialect) =>
  (['backdrop', 'provider'] as const).map((target) => [dialect, target] as const),
);

describe.each(cases)('%s snippets for %s', (dialect, target) => {
  const request = REQUESTS[dialect]!;
  const make = (language: 'curl' | 'fetch' | 'python') =>
    snippet({
      language,
      target,
      dialect,
      request,
      imageName: IMAGE,
      executor: 'local',
      backdropOrigin: 'http://127.0.0.1:9999/',
    });

  it('curl: valid bash that passes the request, image and key placeholder through exactly', () => {
    const code = make('curl');
    execFileSync('bash', ['-n'], { input: code });
    const dir = mkdtempSync(join(tmpdir(), 'snippet-'));
    // Stand-ins: curl records its arguments (NUL-separated) instead of touching the network; sed answers
    // "done" for both the job id and the status, so the script runs create, poll and download once.
    const harness = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done >> "$ARGS"; printf '\\n'; }\nsed() { cat >/dev/null; echo done; }\nsleep() { :; }\n${code}`;
    execFileSync('bash', ['-c', harness], {
      env: {
        PATH: process.env.PATH,
        ARGS: join(dir, 'args'),
        CLAID_API_KEY: 'k-claid',
        DEEP_IMAGE_API_KEY: 'k-deep',
        BACKDROP_ACCESS_TOKEN: 'k-backdrop',
      },
      cwd: dir,
    });
    const args = readFileSync(join(dir, 'args'), 'utf8').split('\0');
    const field = target === 'backdrop' ? 'request=' : dialect === 'claid' ? 'data=' : 'parameters=';
    const body = args.find((arg) => arg.startsWith(field));
    expect(JSON.parse(body!.slice(field.length))).toEqual(request);
    expect(args.some((arg) => arg.endsWith(`=@"my product's \\"shot\\" $(x).jpg"`))).toBe(true);
    if (target === 'backdrop') {
      expect(args).toContain('http://127.0.0.1:9999/api/jobs');
      expect(args).toContain(`dialect=${dialect}`);
      expect(args).toContain('executor=local');
      // Every call (create, poll, download) carries the access token when one is set.
      expect(args.filter((arg) => arg === 'Authorization: Bearer k-backdrop').length).toBe(3);
    } else {
      expect(args).toContain(dialect === 'claid' ? 'Authorization: Bearer k-claid' : 'x-api-key: k-deep');
      expect(code).toContain(dialect === 'claid' ? '$CLAID_API_KEY' : '$DEEP_IMAGE_API_KEY');
    }
  });

  it('fetch: parses as an ES module and embeds the request unchanged', () => {
    const code = make('fetch');
    const program = parseJs(code, { ecmaVersion: 'latest', sourceType: 'module' });
    const declaration = program.body.find(
      (node) =>
        node.type === 'VariableDeclaration' &&
        node.declarations[0]?.id.type === 'Identifier' &&
        node.declarations[0].id.name === 'request',
    );
    expect(declaration?.type).toBe('VariableDeclaration');
    const init =
      declaration!.type === 'VariableDeclaration' ? declaration!.declarations[0]!.init! : undefined;
    expect(JSON.parse(code.slice(init!.start, init!.end))).toEqual(request);
    if (target === 'provider')
      expect(code).toContain(
        dialect === 'claid' ? 'process.env.CLAID_API_KEY' : 'process.env.DEEP_IMAGE_API_KEY',
      );
  });

  it('python: parses and its REQUEST literal equals the request', () => {
    const code = make('python');
    const extract = [
      'import ast, json, sys',
      'tree = ast.parse(sys.stdin.read())',
      'node = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "REQUEST")',
      'print(json.dumps(ast.literal_eval(node.value)))',
    ].join('\n');
    const out = execFileSync('python3', ['-c', extract], { input: code, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(request);
    if (target === 'provider')
      expect(code).toContain(
        dialect === 'claid' ? 'os.environ["CLAID_API_KEY"]' : 'os.environ["DEEP_IMAGE_API_KEY"]',
      );
  });
});

describe('snippets in general', () => {
  it('curl sends no Authorization header to Backdrop when no access token is set', () => {
    const code = snippet({ language: 'curl', target: 'backdrop', dialect: 'claid', request: {} });
    const dir = mkdtempSync(join(tmpdir(), 'snippet-'));
    const harness = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done >> "$ARGS"; }\nsed() { cat >/dev/null; echo done; }\n${code}`;
    execFileSync('bash', ['-c', harness], {
      env: { PATH: process.env.PATH, ARGS: join(dir, 'args') },
      cwd: dir,
    });
    const args = readFileSync(join(dir, 'args'), 'utf8').split('\0');
    expect(args.some((arg) => arg.startsWith('Authorization'))).toBe(false);
    expect(args).toContain('http://127.0.0.1:8787/api/jobs');
  });
  it('fetch and python pass the optional access token on every Backdrop call', () => {
    const fetchCode = snippet({ language: 'fetch', target: 'backdrop', dialect: 'claid', request: {} });
    expect(fetchCode.match(/headers/g)?.length).toBeGreaterThanOrEqual(4);
    const pythonCode = snippet({ language: 'python', target: 'backdrop', dialect: 'claid', request: {} });
    expect(pythonCode.match(/headers=HEADERS/g)?.length).toBe(3);
  });
  it('default to the local executor, product.jpg and the local BFF, and name the result by format', () => {
    const code = snippet({
      language: 'curl',
      target: 'backdrop',
      dialect: 'claid',
      request: { output: { format: 'webp' } },
    });
    expect(code).toContain("'executor=local'");
    expect(code).toContain('image=@"product.jpg"');
    expect(code).toContain("ORIGIN='http://127.0.0.1:8787'");
    expect(code).toContain("-o 'result.webp'");
  });
  it('never contain a key value, only the placeholder', () => {
    for (const language of ['curl', 'fetch', 'python'] as const) {
      const code = snippet({ language, target: 'provider', dialect: 'claid', request: {} });
      expect(code).toMatch(/CLAID_API_KEY/);
      expect(code).not.toMatch(/Bearer [A-Za-z0-9]{8,}/);
    }
  });
});

describe('the subject box (a Backdrop extension)', () => {
  const box = { x: 12, y: 34, width: 560, height: 780 };
  const make = (
    language: 'curl' | 'fetch' | 'python',
    target: 'backdrop' | 'provider',
    executor = 'local' as const,
  ) => snippet({ language, target, dialect: 'claid', request: {}, executor, subjectBox: box });

  it('is sent to the local engine, with a comment saying it is not part of the request', () => {
    const curl = make('curl', 'backdrop');
    const dir = mkdtempSync(join(tmpdir(), 'snippet-'));
    const harness = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done >> "$ARGS"; printf '\\n'; }\nsed() { cat >/dev/null; echo done; }\nsleep() { :; }\n${curl}`;
    execFileSync('bash', ['-c', harness], {
      env: { PATH: process.env.PATH, ARGS: join(dir, 'args') },
      cwd: dir,
    });
    expect(readFileSync(join(dir, 'args'), 'utf8').split('\0')).toContain('subjectBox=12,34,560,780');
    expect(curl).toContain(
      '# subjectBox (x,y,width,height) is a Backdrop extension for the local engine, not part of the Claid request.',
    );
    expect(make('fetch', 'backdrop')).toContain(`form.append('subjectBox', "12,34,560,780");`);
    expect(make('python', 'backdrop')).toContain('"subjectBox": "12,34,560,780"');
  });

  it('is left out, and said to be, for a provider', () => {
    for (const language of ['curl', 'fetch', 'python'] as const) {
      const direct = make(language, 'provider');
      expect(direct).toContain("Backdrop's subject box (12,34,560,780) is not part of Claid's API");
      expect(direct).not.toContain('subjectBox');
      const viaBackdrop = snippet({
        language,
        target: 'backdrop',
        dialect: 'claid',
        request: {},
        executor: 'claid',
        subjectBox: box,
      });
      expect(viaBackdrop).toContain(
        'is for the local engine only; Claid has no such option, so it is not sent.',
      );
      expect(viaBackdrop).not.toMatch(/subjectBox[=",']/);
    }
  });
});

describe('a touched-up mask (a Backdrop extension)', () => {
  const make = (
    language: 'curl' | 'fetch' | 'python',
    target: 'backdrop' | 'provider',
    executor: 'local' | 'claid' = 'local',
  ) => snippet({ language, target, dialect: 'claid', request: {}, executor, maskFile: 'perfume-mask.png' });

  it('is sent through Backdrop as the mask file, to any executor, with a comment saying what it does', () => {
    const curl = make('curl', 'backdrop', 'claid');
    const dir = mkdtempSync(join(tmpdir(), 'snippet-'));
    const harness = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done >> "$ARGS"; printf '\\n'; }\nsed() { cat >/dev/null; echo done; }\nsleep() { :; }\n${curl}`;
    execFileSync('bash', ['-c', harness], {
      env: { PATH: process.env.PATH, ARGS: join(dir, 'args') },
      cwd: dir,
    });
    expect(readFileSync(join(dir, 'args'), 'utf8').split('\0')).toContain('mask=@"perfume-mask.png"');
    expect(curl).toContain(
      "# mask (perfume-mask.png: Touch up › Mask › Download mask) is a Backdrop extension, not part of the Claid request: Backdrop applies it to Claid's cut-out as its alpha.",
    );
    expect(make('curl', 'backdrop')).toContain('the local engine uses it instead of segmenting');
    expect(make('fetch', 'backdrop')).toContain(
      `form.append('mask', new Blob([await readFile("perfume-mask.png")]), "perfume-mask.png");`,
    );
    expect(make('python', 'backdrop')).toContain(
      '"mask": ("perfume-mask.png", open("perfume-mask.png", "rb"))',
    );
  });

  it('is left out of a direct provider call, and said to be', () => {
    for (const language of ['curl', 'fetch', 'python'] as const) {
      const direct = make(language, 'provider');
      expect(direct).toContain(
        'The touched-up mask (perfume-mask.png) is applied by Backdrop, not by Claid, so a direct call does not use it.',
      );
      expect(direct).not.toMatch(/mask[=",'][^ ]/);
    }
  });
});
