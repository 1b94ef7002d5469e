import { defineConfig } from 'vitest/config';

// Three projects: `unit` (everything else), `security` (src/server/security: the attack suite, also
// run alone as `npm run test:security`) and `scale` (src/server/scale: Redis mode with real redis-server
// and several processes, `npm run test:scale`). `npx vitest run` runs all three.
const SECURITY = 'src/server/security/**/*.test.ts';
const SCALE = 'src/server/scale/**/*.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The engine tests load a real model; two cores are shared, so keep workers few.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude: [SECURITY, SCALE],
        },
      },
      { extends: true, test: { name: 'security', include: [SECURITY] } },
      // One file at a time: each starts its own Redis and three or four server processes.
      { extends: true, test: { name: 'scale', include: [SCALE], fileParallelism: false } },
    ],
  },
});
