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
    // PostgreSQL's files three at a time, after the others when run in one vitest (npm test runs this project in a
    // vitest of its own beside them). Kysely's own introspection read every schema by name and failed when another
    // file dropped its schema meanwhile ("schema … does not exist"), which kept these files to one at a time (389 s);
    // db/current-schema-introspector.ts reads only the connection's own schema.
    ...(dialect === 'postgres' ? { maxWorkers: 3, sequence: { groupOrder: 1 } } : {}),
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
    // Four test files at a time on two cores: an integration file spends much of its time waiting on PostgreSQL,
    // a child process or the disk (measured: 129 s with 2 workers, 96 s with 3, 82 s with 4 for integration-sqlite).
    maxWorkers: 4,
    projects: [
      // 30 s rather than vitest's 5 s: npm test runs these beside the PostgreSQL files on two cores, where a
      // property test that takes 1.7 s alone was stopped at 5 s. A limit against a hang, not a speed assertion.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      integration('sqlite'),
      integration('postgres'),
    ],
  },
});
