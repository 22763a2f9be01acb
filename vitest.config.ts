/**
 * Tests run outside Remix's Vite plugin. Three projects:
 * - unit: pure domain code;
 * - integration-sqlite / integration-postgres: server modules against a real database, the same files
 *   once per dialect (TEST_DIALECT). Each test file gets a fresh SQLite file or a fresh PostgreSQL schema.
 */
import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

const integration = (dialect: 'sqlite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `integration-${dialect}`,
    include: ['tests/integration/**/*.test.ts'],
    env: { TEST_DIALECT: dialect },
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    setupFiles: ['tests/support/fail-on-console-error.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      integration('sqlite'),
      integration('postgres'),
    ],
  },
});
