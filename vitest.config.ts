import { defineConfig } from 'vitest/config';

// Two projects: `unit` (everything else) and `security` (src/server/security: the attack suite, also
// run alone as `npm run test:security`). `npx vitest run` runs both.
const SECURITY = 'src/server/security/**/*.test.ts';

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
        test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], exclude: [SECURITY] },
      },
      { extends: true, test: { name: 'security', include: [SECURITY] } },
    ],
  },
});
