/**
 * The editor re-runs parse + validate + print on every click, so their cost is the editor's latency budget:
 * 4 ms p95 in the browser. Measured in Node and in real Chromium (the recipe bundled as the app would ship
 * it), each against a baseline in the same run: JSON.parse + JSON.stringify of the same text, the least
 * any JSON editor pays. Prints median and p95 and writes bench/results/recipe-<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as recipe from '../src/recipe/index.ts';
import type { Dialect, JsonObject } from '../src/recipe/index.ts';

const TYPICAL: { name: string; dialect: Dialect; request: JsonObject }[] = [
  {
    name: 'claid typical',
    dialect: 'claid',
    request: {
      operations: {
        resizing: { width: 1000, height: 1000, fit: 'canvas' },
        background: { remove: { category: 'products', clipping: true }, color: 'transparent' },
        padding: '10%',
      },
      output: { format: 'png' },
    },
  },
  {
    name: 'deep-image typical',
    dialect: 'deep-image',
    request: {
      width: 1000,
      height: 1000,
      background: {
        generate: {
          description: 'item standing on sand with beach in background',
          item_area_percentage: 0.65,
          color: [217, 179, 190],
        },
      },
      output_format: 'webp',
    },
  },
];

interface Row {
  where: 'node' | 'chromium';
  case: string;
  medianMs: number;
  p95Ms: number;
  baselineMedianMs: number;
}

/**
 * Runs where it is evaluated (Node, or the page: passed as source text, so it must use nothing but its
 * arguments). Returns one row per case with median and p95 over many iterations.
 */
function measureAll(api: typeof recipe, cases: typeof TYPICAL, iterations: number) {
  /** `repeat` runs the work several times per sample, for work shorter than the timer's resolution. */
  const measure = (work: () => void, repeat = 1) => {
    for (let i = 0; i < iterations / 10; i++) work();
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      for (let r = 0; r < repeat; r++) work();
      samples.push((performance.now() - start) / repeat);
    }
    samples.sort((a, b) => a - b);
    return { median: samples[Math.floor(iterations / 2)]!, p95: samples[Math.floor(iterations * 0.95)]! };
  };
  const rows: { case: string; medianMs: number; p95Ms: number; baselineMedianMs: number }[] = [];
  let sink = 0;
  for (const { name, dialect, request } of cases) {
    const text = api.print(request, dialect);
    // Any other registered dialect: the translation's target.
    const other = api.dialectIds().find((id) => id !== dialect)!;
    const baseline = measure(() => {
      sink += JSON.stringify(JSON.parse(text)).length;
    }, 50);
    const work: [string, () => void][] = [
      [
        'parse + validate + print',
        () => {
          const result = api.parse(text, dialect);
          sink += api.validate(dialect, result.request!).length + api.print(result.request!, dialect).length;
        },
      ],
      ['translate', () => void (sink += api.translate(request, dialect, other).losses.length)],
      [
        'snippet (curl, backdrop)',
        () => void (sink += api.snippet({ language: 'curl', target: 'backdrop', dialect, request }).length),
      ],
      ['encodeShare', () => void (sink += api.encodeShare(dialect, request).length)],
    ];
    rows.push({
      case: `${name}: JSON.parse+stringify (baseline)`,
      medianMs: baseline.median,
      p95Ms: baseline.p95,
      baselineMedianMs: baseline.median,
    });
    for (const [label, run] of work) {
      const result = measure(run);
      rows.push({
        case: `${name}: ${label}`,
        medianMs: result.median,
        p95Ms: result.p95,
        baselineMedianMs: baseline.median,
      });
    }
  }
  return { rows, sink };
}

async function inChromium(iterations: number): Promise<Row[] | string> {
  let executablePath: string;
  const { chromiumExecutable, CHROMIUM_ARGS } = await import('../e2e/browser.ts');
  try {
    executablePath = chromiumExecutable();
  } catch (error) {
    return (error as Error).message;
  }
  const [{ build }, { chromium }] = await Promise.all([import('esbuild'), import('playwright-core')]);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const bundle = await build({
    stdin: {
      contents: "import * as r from './src/recipe/index.ts'; globalThis.recipe = r;",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    write: false,
  });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // A cross-origin-isolated page gets 5 µs timers instead of 100 µs ones; served from memory, no network.
    const url = 'http://127.0.0.1:9/recipe-bench';
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        },
        body: '<!doctype html><title>recipe bench</title>',
      }),
    );
    await page.goto(url);
    if (!(await page.evaluate('globalThis.crossOriginIsolated')))
      console.log('chromium: page not isolated, timers are coarse');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    // Passed as text; tsx wraps named functions in __name(fn, name), which the page must provide.
    const result = (await page.evaluate(
      `globalThis.__name = (fn) => fn; (${measureAll.toString()})(globalThis.recipe, ${JSON.stringify(TYPICAL)}, ${iterations})`,
    )) as ReturnType<typeof measureAll>;
    return result.rows.map((row) => ({ where: 'chromium' as const, ...row }));
  } finally {
    await browser.close();
  }
}

const ITERATIONS = 2000;
const nodeRows: Row[] = measureAll(recipe, TYPICAL, ITERATIONS).rows.map((row) => ({
  where: 'node' as const,
  ...row,
}));
const browser = await inChromium(ITERATIONS);
const rows = [...nodeRows, ...(typeof browser === 'string' ? [] : browser)];

const ms = (value: number) => value.toFixed(3).padStart(8);
console.log(`${'where'.padEnd(9)}${'case'.padEnd(52)}  median ms    p95 ms   ×baseline(median)`);
for (const row of rows) {
  const ratio = row.baselineMedianMs > 0 ? `${(row.medianMs / row.baselineMedianMs).toFixed(0)}×` : '';
  console.log(
    `${row.where.padEnd(9)}${row.case.padEnd(52)}  ${ms(row.medianMs)}  ${ms(row.p95Ms)}   ${ratio}`,
  );
}
if (typeof browser === 'string') console.log(`\nchromium: skipped (${browser})`);
const editorRows = rows.filter((row) => row.case.includes('parse + validate'));
const worst = editorRows.reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
console.log(
  `\nparse+validate+print worst p95: ${worst.p95Ms.toFixed(3)} ms (${worst.where}, ${worst.case}); budget 4 ms in the browser`,
);
mkdirSync('bench/results', { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(
  `bench/results/recipe-${stamp}.json`,
  JSON.stringify({ iterations: ITERATIONS, rows, worstP95Ms: worst.p95Ms }, null, 2),
);
process.exitCode = worst.p95Ms > 4 ? 1 : 0;
