/**
 * Runs every benchmark in turn, each in its own process so that one's memory and warm caches cannot
 * flatter another's numbers. Each prints its own table and writes JSON to bench/results/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = [
  'recipe',
  'server',
  'engine',
  'segmentation',
  'quality',
  'app',
  'app-batch',
  'touchup',
  'soak',
  'large-job',
  'finishing',
  'batch',
  'scale',
];
let failed = 0;
for (const name of benches) {
  const file = `bench/${name}.bench.ts`;
  if (!existsSync(file)) continue;
  console.log(`\n=== bench:${name} ===`);
  const run = spawnSync('npx', ['tsx', 'bench/run.ts', name], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
