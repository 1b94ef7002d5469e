/**
 * `npm run bench:NAME` runs `tsx bench/run.ts NAME`: it says which benchmark starts before the minutes of
 * measuring begin (most benches print only their final table), then runs bench/NAME.bench.ts in this
 * process with the arguments that follow NAME. A name with no such file is an error (exit 2), never a silent success.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exitOnSignals } from '../src/server/testing/own-child.ts';

const name = process.argv[2] ?? '';
const file = resolve(import.meta.dirname, `${name}.bench.ts`);
if (!/^[\w-]+$/.test(name) || !existsSync(file)) {
  console.error(`bench/run.ts: no benchmark "${name}" (expected bench/${name}.bench.ts).`);
  process.exit(2);
}
// Stopped from outside, a bench still ends through 'exit', which kills the servers it started.
exitOnSignals();
console.log(`bench:${name} — bench/${name}.bench.ts; results print at the end and go to bench/results/`);
// The bench sees the argv it would see if started directly (its own options from argv[2], and argv[1] for
// benches that start themselves again with other flags, e.g. under allocator tuning).
process.argv.splice(1, 2, file);
await import(pathToFileURL(file).href);
