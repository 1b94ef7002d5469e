/**
 * The editor's initial JavaScript, as README's performance table counts it (budget ≤ 150 KB gzip): the
 * entry script of a built index.html, its modulepreload links, and every chunk they import statically —
 * what the page loads before its first interaction. Chunks reached only through `import()` (lazy views,
 * the lazy recipe entry) are not counted. Used by bench/app.bench.ts and the budget test
 * (src/server/app-bundle.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** README's budget for the initial JavaScript, in KiB of gzip (level 9), summed per file. */
export const INITIAL_JS_BUDGET_KB = 150;

/** Static imports only: `import{a}from"./x.js"` and `import"./x.js"`; `import("./x.js")` is lazy. */
const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w${}\s,*]+?from\s*)?["']([^"']+\.js)["']/g;

/**
 * `dist`: a `vite build` output folder (index.html + assets/). Returns the initial chunks (paths relative
 * to `dist`), their gzip (level 9) and raw sizes in bytes, and the build's other chunks (the lazy ones). Throws (ENOENT) when the folder holds no build.
 */
export function initialJavaScript(dist: string): {
  files: string[];
  gzipBytes: number;
  rawBytes: number;
  lazyFiles: string[];
} {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (url: string) => {
    const file = join(dist, url.replace(/^\//, ''));
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) visit(join(dirname(url), m[1]!));
  };
  for (const url of [...entries, ...preloads]) visit(url);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const file of seen) {
    const code = readFileSync(file);
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
  }
  const relative = (file: string) => file.slice(dist.length + 1);
  return {
    files: [...seen].map(relative),
    gzipBytes,
    rawBytes,
    lazyFiles: readdirSync(join(dist, 'assets'))
      .filter((name) => name.endsWith('.js'))
      .map((name) => join(dist, 'assets', name))
      .filter((file) => !seen.has(file))
      .map(relative),
  };
}
