import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/unit/**/*.test.tsx',
      'tests/integration/**/*.test.ts',
      // Chromium through playwright-core against `npm run demo:web` (tools/demo-web.ts), started by each file.
      'tests/e2e/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Starts the test PostgreSQL when TEST_DATABASE_URL is unset and the machine can (tests/helpers/postgres.sh).
    globalSetup: ['tests/helpers/postgres-global-setup.ts'],
  },
});
