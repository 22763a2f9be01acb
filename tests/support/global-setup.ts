/**
 * Before the PostgreSQL project runs: check that a server answers. Without one, say so loudly and skip
 * that half; under CI (CI=true) or REQUIRE_POSTGRES=1 a missing PostgreSQL fails the run instead, since
 * the CI machine has one.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testPostgresUrl } from './db';

export default async function setup(project: TestProject) {
  if (process.env.TEST_DIALECT !== 'postgres' && project.config.env?.TEST_DIALECT !== 'postgres') return;
  const client = new pg.Client({ connectionString: testPostgresUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    const required = process.env.CI === 'true' || process.env.REQUIRE_POSTGRES === '1';
    const message = `PostgreSQL at ${testPostgresUrl()} did not answer (${(error as Error).message}).`;
    if (required) throw new Error(`${message} It is required here (CI or REQUIRE_POSTGRES=1).`);
    console.warn(`\n${'!'.repeat(78)}\n!! ${message}\n!! SKIPPING the PostgreSQL half of the integration tests.\n${'!'.repeat(78)}\n`);
    project.provide('postgresSkipped', true);
    return;
  }
  project.provide('postgresSkipped', false);
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresSkipped: boolean;
  }
}
