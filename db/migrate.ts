import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Kysely } from 'kysely';
import { sqlFor } from './dialect';
import { migrations } from './migrations/index';

/**
 * On PostgreSQL the migrator is pinned to the connection's own schema: without it Kysely decides whether its
 * bookkeeping tables exist by looking at every schema in the database, so another schema's tables (another
 * test file running at the same time, another app) would make it skip creating its own and then fail.
 */
async function migrator(db: Kysely<any>) {
  const migrationTableSchema =
    sqlFor(db).name === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  // Unordered: migrations written on branches at the same time land in any order (0053 after 0059, 12-07); a
  // database that already has the later one must still take the earlier one, not refuse to start. Each
  // migration owns its tables, so the order between two such branches never matters.
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) }, migrationTableSchema, allowUnorderedMigrations: true });
}

function check({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

/** Brings the schema to the latest migration; returns one line per migration run. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return check(await (await migrator(db)).migrateToLatest());
}

/** Undoes the latest migration. */
export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return check(await (await migrator(db)).migrateDown());
}

/** Undoes every migration. */
export async function migrateToEmpty(db: Kysely<any>): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely');
  return check(await (await migrator(db)).migrateTo(NO_MIGRATIONS));
}

/** True when every registered migration has run (the health check reads this). */
export async function migrationsCurrent(db: Kysely<any>): Promise<boolean> {
  const all = await (await migrator(db)).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
