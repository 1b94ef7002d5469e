/**
 * Every command the README shows, run exactly as a user types it (placeholders such as FILE filled in with
 * real files): `npx backdrop …` through the bin link npm installs, `npm start` / `npm run serve` / `npm run
 * dev` until they print their URL, every `npm run bench:*` until the benchmark has started. A README line
 * without a case here fails the first test, so a documented command cannot silently stop working.
 */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BatchManifest } from '../recipe/index.ts';
import { startTestServer, type TestServer } from '../server/testing/harness.ts';
import { startRedis } from '../server/testing/redis.ts';
import { ROOT, shell, start, type Running } from './testing/shell.ts';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const scripts = Object.keys(
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

/** The commands the README shows: lines of its ```sh blocks and `npm …` / `npx …` code spans, split at &&. */
function readmeCommands(): string[] {
  const lines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
    block[1]!.split('\n').map((line) => line.replace(/\s+#.*$/, '')),
  );
  const spans = [...readme.matchAll(/`((?:npm|npx) [^`]+)`/g)].map((match) => match[1]!);
  return [
    ...new Set(
      [...lines, ...spans]
        .flatMap((line) => line.split('&&'))
        .map((command) => command.replace(/\\\|/g, '|').trim())
        .filter((command) => /^(npm|npx) /.test(command)),
    ),
  ];
}

/**
 * Commands not run from here, each with the place that runs them. `npm test` would start this very test
 * run again, and `npm install` / `npm ci` rewrite node_modules under running tests; CI (.ci/run) runs
 * exactly `npm ci && npm test` on a fresh checkout, which covers all three — and `npm test` runs
 * `npm run test:security` and `npm run test:scale` as steps of its own.
 */
const RUN_BY_CI = ['npm install', 'npm ci', 'npm test', 'npm run test:security', 'npm run test:scale'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backdrop-readme-'));
  await sharp({ create: { width: 96, height: 64, channels: 3, background: '#d04020' } })
    .jpeg()
    .toFile(path.join(dir, 'photo.jpg'));
  await writeFile(
    path.join(dir, 'request.json'),
    JSON.stringify({
      operations: { resizing: { width: 48, height: 48, fit: 'crop' } },
      output: { format: 'png' },
    }),
  );
});

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((command) => command.stop()));
});
function startCommand(line: string, env: NodeJS.ProcessEnv = {}): Running {
  const command = start(line, { env });
  running.push(command);
  return command;
}
const file = (name: string) => path.join(dir, name);

/** Each README command → the test below that runs it. */
const COVERED = new Set<string>();
function covers(command: string) {
  COVERED.add(command);
  return command;
}

describe('the backdrop command, however it is started', () => {
  it(covers('npx backdrop check FILE'), async () => {
    const result = await shell(`npx backdrop check ${file('request.json')}`);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      operations: { resizing: { width: 48, height: 48, fit: 'crop' } },
      output: { format: 'png' },
    });
  });

  it(covers('npx backdrop translate --to claid FILE'), async () => {
    await writeFile(file('deep.json'), JSON.stringify({ width: 500, height: 400, output_format: 'webp' }));
    const result = await shell(`npx backdrop translate --to claid ${file('deep.json')}`);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      operations: { resizing: { width: 500, height: 400 } },
    });
  });

  it(covers('npx backdrop run IMAGE REQUEST.json -o OUT'), async () => {
    const result = await shell(
      `npx backdrop run ${file('photo.jpg')} ${file('request.json')} -o ${file('out.png')}`,
    );
    expect(result.code, result.stderr).toBe(0);
    const meta = await sharp(file('out.png')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 48, 48]);
  });

  it(covers('npx backdrop run IMAGE REQUEST.json -o OUT --mask MASK.png'), async () => {
    // Left half white: the request's transparent background keeps that half (no model pass).
    const alpha = Buffer.alloc(96 * 64);
    for (let y = 0; y < 64; y++) alpha.fill(255, y * 96, y * 96 + 48);
    await sharp(alpha, { raw: { width: 96, height: 64, channels: 1 } })
      .png()
      .toFile(file('half.png'));
    await writeFile(
      file('cutout.json'),
      JSON.stringify({
        operations: { background: { remove: true, color: 'transparent' } },
        output: { format: 'png' },
      }),
    );
    const result = await shell(
      `npx backdrop run ${file('photo.jpg')} ${file('cutout.json')} -o ${file('masked.png')} --mask ${file('half.png')}`,
    );
    expect(result.code, result.stderr).toBe(0);
    const out = await sharp(file('masked.png')).ensureAlpha().extractChannel(3).raw().toBuffer();
    expect([out[32 * 96 + 10], out[32 * 96 + 80]]).toEqual([255, 0]);
  });

  it(
    covers('npx backdrop run IMAGE REQUEST.json -o OUT --box x,y,w,h'),
    async () => {
      const result = await shell(
        `npx backdrop run ${file('photo.jpg')} ${file('request.json')} -o ${file('boxed.png')} --box 8,8,40,40`,
        { timeoutMs: 240_000 },
      );
      expect(result.code, result.stderr).toBe(0);
      const meta = await sharp(file('boxed.png')).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 48, 48]);
    },
    240_000,
  );

  it(
    covers('npx backdrop run IMAGE REQUEST.json --finish FINISH.json -o OUT'),
    async () => {
      await writeFile(
        file('cutout.json'),
        JSON.stringify({
          operations: { background: { remove: true, color: '#FFFFFF' } },
          output: { format: 'png' },
        }),
      );
      await writeFile(
        file('finish.json'),
        JSON.stringify({ shadow: { type: 'cast' }, placement: { scale: 0.6 } }),
      );
      const result = await shell(
        `npx backdrop run ${file('photo.jpg')} ${file('cutout.json')} --finish ${file('finish.json')} -o ${file('finished.png')}`,
        { timeoutMs: 240_000 },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('finishing: Cast shadow');
      expect(result.stderr).toContain('finishing: Placed on the floor line · fill 60%');
      const meta = await sharp(file('finished.png')).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 96, 64]);
    },
    240_000,
  );

  it(
    covers('npx backdrop mask IMAGE -o MASK.png'),
    async () => {
      const result = await shell(`npx backdrop mask ${file('photo.jpg')} -o ${file('mask.png')}`, {
        timeoutMs: 240_000,
      });
      expect(result.code, result.stderr).toBe(0);
      const meta = await sharp(file('mask.png')).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 96, 64, 1]);
    },
    240_000,
  );

  it(covers('npx backdrop preset amazon-main --dialect deep-image'), async () => {
    const result = await shell('npx backdrop preset amazon-main --dialect deep-image');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      width: 2000,
      height: 2000,
      background: { color: '#FFFFFF' },
    });
    expect(result.stderr).toContain('rule white-background: Pure white background');
  });

  it(covers('npx backdrop verify IMAGE --preset amazon-main'), async () => {
    // A 1000 px white square with a product filling 90%: passes. photo.jpg (96 px, all red) fails.
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000"><rect width="100%" height="100%" fill="#fff"/><rect x="50" y="50" width="900" height="900" fill="#345"/></svg>';
    await sharp(Buffer.from(svg))
      .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
      .toFile(file('amazon.jpg'));
    const pass = await shell(`npx backdrop verify ${file('amazon.jpg')} --preset amazon-main`);
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    expect(pass.stdout).toContain('Amazon main image — PASS');
    const fail = await shell(`npx backdrop verify ${file('photo.jpg')} --preset amazon-main`);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/✗ fail {2}Longest side: 96 px/);
  });

  it(
    covers('npx backdrop batch --preset amazon-main PHOTOS... -o OUT_DIR'),
    async () => {
      const result = await shell(
        `npx backdrop batch --preset amazon-main ${file('photo.jpg')} ${file('amazon.jpg')} -o ${file('amazon-out')}`,
        { timeoutMs: 300_000 },
      );
      expect(result.stdout).toMatch(/^Amazon main image check: \d pass/m);
      const manifest = JSON.parse(await readFile(file('amazon-out/manifest.json'), 'utf8')) as {
        items: { status: string; compliance?: string }[];
      };
      expect(manifest.items.map((row) => row.status)).toEqual(['done', 'done']);
      expect(manifest.items.every((row) => row.compliance !== undefined)).toBe(true);
      expect(result.code).toBe(manifest.items.some((row) => row.compliance === 'fail') ? 1 : 0);
    },
    300_000,
  );

  it('runs through a symlink, through node with its path, and exits 2 (not 0) when given nothing', async () => {
    const link = file('backdrop-link');
    await symlink(path.join(ROOT, 'src/cli/backdrop.mjs'), link);
    const viaLink = await shell(`${link} check ${file('request.json')}`, { cwd: dir });
    expect(viaLink.code, viaLink.stderr).toBe(0);
    expect(viaLink.stdout).toContain('"resizing"');
    const viaNode = await shell(`node src/cli/backdrop.mjs check ${file('request.json')}`);
    expect(viaNode.code, viaNode.stderr).toBe(0);
    expect(viaNode.stdout).toContain('"resizing"');
    // run starts Node once more with the allocator tuning; through the link that must still write the file.
    const run = await shell(`${link} run photo.jpg request.json -o linked.png`, { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(file('linked.png'))).subarray(1, 4).toString()).toBe('PNG');
    const bare = await shell('npx backdrop');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: backdrop <command>');
  });
});

describe('batches, as the README shows them (in a project that installed Backdrop)', () => {
  let project: string;
  let server: TestServer;
  const resize = {
    operations: { resizing: { width: 64, height: 64, fit: 'crop' } },
    output: { format: 'png' },
  };
  /** A folder of the project holding what the README's lines name: request.json, photos/, shoot/, extra.png. */
  async function scene(name: string): Promise<string> {
    const cwd = path.join(project, name);
    const jpeg = (colour: string) =>
      sharp({ create: { width: 80, height: 60, channels: 3, background: colour } })
        .jpeg()
        .toBuffer();
    await mkdir(path.join(cwd, 'photos'), { recursive: true });
    await mkdir(path.join(cwd, 'shoot', 'day-1'), { recursive: true });
    await writeFile(path.join(cwd, 'request.json'), JSON.stringify(resize));
    await writeFile(path.join(cwd, 'photos', 'mug.jpg'), await jpeg('#c04020'));
    await writeFile(path.join(cwd, 'photos', 'vase.jpg'), await jpeg('#2040c0'));
    await writeFile(path.join(cwd, 'shoot', 'day-1', 'lamp.jpg'), await jpeg('#20c040'));
    await writeFile(
      path.join(cwd, 'extra.png'),
      await sharp(await jpeg('#808080'))
        .png()
        .toBuffer(),
    );
    return cwd;
  }
  const outputs = async (cwd: string) =>
    (JSON.parse(await readFile(path.join(cwd, 'out', 'manifest.json'), 'utf8')) as BatchManifest).items.map(
      (row) => [row.input, row.status, row.output],
    );

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'backdrop-readme-batch-'));
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'shop', private: true }));
    const installed = await shell(`npm install --no-audit --no-fund ${ROOT}`, {
      cwd: project,
      timeoutMs: 180_000,
    });
    if (installed.code !== 0) throw new Error(installed.stderr);
    server = await startTestServer();
  }, 240_000);
  afterAll(() => server?.close());

  it(covers('npx backdrop batch REQUEST.json PHOTOS... -o OUT_DIR'), async () => {
    const cwd = await scene('table');
    const result = await shell('npx backdrop batch request.json photos/mug.jpg photos/vase.jpg -o out', {
      cwd,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(await outputs(cwd)).toEqual([
      ['mug.jpg', 'done', 'mug-backdrop.png'],
      ['vase.jpg', 'done', 'vase-backdrop.png'],
    ]);
  });

  it(covers('npx backdrop batch request.json photos/ -o out/'), async () => {
    const cwd = await scene('folder');
    const result = await shell('npx backdrop batch request.json photos/ -o out/', { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^2 done on the local engine in /m);
  });

  it(
    covers('npx backdrop batch request.json "shoot/**/*.jpg" extra.png -o out/ --concurrency 2'),
    async () => {
      const cwd = await scene('glob');
      const result = await shell(
        'npx backdrop batch request.json "shoot/**/*.jpg" extra.png -o out/ --concurrency 2',
        {
          cwd,
        },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(await outputs(cwd)).toEqual([
        ['lamp.jpg', 'done', 'lamp-backdrop.png'],
        ['extra.png', 'done', 'extra-backdrop.png'],
      ]);
    },
  );

  it(covers('npx backdrop batch request.json photos/ -o out/ --resume'), async () => {
    const cwd = await scene('resume');
    const first = await shell('npx backdrop batch request.json photos/mug.jpg -o out/', { cwd });
    expect(first.code, first.stderr).toBe(0);
    const result = await shell('npx backdrop batch request.json photos/ -o out/ --resume', { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('--resume: 1 of 2 already done in out/; running 1.');
  });

  // The README names the server's default address; the test's server listens on a free port instead.
  it(
    covers('npx backdrop batch request.json photos/ -o out/ --executor claid --server http://127.0.0.1:8787'),
    async () => {
      const cwd = await scene('server');
      const line =
        'npx backdrop batch request.json photos/ -o out/ --executor claid --server http://127.0.0.1:8787';
      const result = await shell(line.replace('http://127.0.0.1:8787', server.url), { cwd });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^2 done on Claid via http:\/\/127\.0\.0\.1:\d+/m);
    },
  );
});

describe('npm scripts the README shows', () => {
  const quiet = { PORT: '0', BACKDROP_WARM_UP: '0' };

  it(
    covers('npm start'),
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'backdrop-start-'));
      const server = startCommand('npm start', { ...quiet, BACKDROP_DATA_DIR: dataDir });
      const [, url] = await server.waitFor(/Backdrop is running at (http:\/\/127\.0\.0\.1:\d+)/, 120_000);
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script type="module"[^>]+src="\/assets\//);
      expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ ok: true });
    },
    150_000,
  );

  it(
    covers('npm run serve'),
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'backdrop-serve-'));
      const server = startCommand('npm run serve', { ...quiet, BACKDROP_DATA_DIR: dataDir });
      const [, url] = await server.waitFor(/Backdrop is running at (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
      expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ ok: true });
    },
    90_000,
  );

  it(
    covers('npm run worker'),
    async () => {
      const alone = await shell('npm run worker', { env: { REDIS_URL: '' } });
      expect(alone.code).toBe(1);
      expect(alone.stderr).toContain('BACKDROP_ROLE=worker needs REDIS_URL');
      const redis = await startRedis();
      try {
        const dataDir = await mkdtemp(path.join(tmpdir(), 'backdrop-worker-'));
        const worker = startCommand('npm run worker', {
          ...quiet,
          REDIS_URL: redis.url,
          BACKDROP_DATA_DIR: dataDir,
        });
        const [, url] = await worker.waitFor(
          /Backdrop worker is running \(health at (http:\/\/[\d.:]+)/,
          60_000,
        );
        expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({
          ok: true,
          role: 'worker',
          jobs: 'redis',
        });
        expect((await fetch(`${url}/api/jobs`, { method: 'POST' })).status).toBe(404);
        await worker.stop();
      } finally {
        await redis.stop();
      }
    },
    90_000,
  );

  it(
    covers('npm run dev'),
    async () => {
      const dev = startCommand('npm run dev');
      const [, url] = await dev.waitFor(/Local:\s+(http:\/\/127\.0\.0\.1:\d+)\//, 60_000);
      const page = await (await fetch(url!)).text();
      expect(page).toContain('/src/app/');
    },
    90_000,
  );

  it(
    covers('npm run bench'),
    async () => {
      const bench = startCommand('npm run bench');
      await bench.waitFor(/=== bench:recipe ===[\s\S]*?^bench:recipe — /m, 60_000);
    },
    90_000,
  );

  it(
    covers('npm run bench:batch -- --quick --zip-items 300'),
    async () => {
      // The README's batch figures come from this line: its options reach the benchmark.
      const bench = startCommand('npm run bench:batch -- --quick --zip-items 300');
      await bench.waitFor(/^bench:batch — /m, 60_000);
      await bench.waitFor(/batch bench: 6 items, archive of 300;/, 60_000);
    },
    90_000,
  );

  // Each benchmark runs for minutes; this checks that it starts (prints its first line, loads its code)
  // and, if it ends within the window, that it ended well.
  const benches = scripts.filter((name) => name.startsWith('bench:'));
  for (const script of benches) covers(`npm run ${script}`); // the README may name one, as in its prose
  it.each(benches)(
    `${covers('npm run bench:<name>')}: npm run %s`,
    async (script) => {
      const bench = startCommand(`npm run ${script}`);
      await bench.waitFor(new RegExp(`^${script} — `, 'm'), 60_000);
      const code = await bench.exitWithin(5_000);
      expect(code === null || code === 0, bench.output()).toBe(true);
    },
    90_000,
  );
});

describe('the README', () => {
  it('shows no command that this file does not run (or CI, for npm test / install / ci)', () => {
    const missing = readmeCommands().filter(
      (command) => !COVERED.has(command) && !RUN_BY_CI.includes(command),
    );
    expect(missing).toEqual([]);
    expect(readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });
});
