/**
 * Writes the demo county into an empty database: everything in one transaction (all or nothing, and on
 * SQLite by far the fastest), then ANALYZE so the planner knows the tables' real sizes.
 *
 * Speed (default county ≈ 4 million rows): secondary indexes of the seeded tables are dropped for the
 * load and re-created from their own stored definitions afterwards — building an index once from sorted
 * data is much cheaper than updating it row by row in random key order. On PostgreSQL the foreign keys are
 * dropped and re-added the same way: checking them row by row through triggers cost ~11 s per million
 * rows, re-adding validates each in one join (and still fails the whole transaction if a row is orphaned).
 * SQLite cannot drop a foreign key, so there they stay checked per row. (A larger SQLite page cache was
 * tried: 5 % faster for 130 MB more memory, not worth it.)
 */
import { sql, type Kysely } from 'kysely';
import { addDays } from '../../app/domain/time';
import type { Dialect } from '../connect';
import { bulkInsert, sqlFor } from '../dialect';
import type { Database } from '../schema';
import { snakeCase } from '../bulk-insert';
import { generateDemoCounty, resolveSeedOptions, type SeedOptions } from './generate';
import { emptyRowCounts, SEED_TABLES, type RowCounts } from './rows';

export interface SeedSummary {
  options: SeedOptions;
  dialect: Dialect;
  rowCounts: RowCounts;
  totalRows: number;
  elapsedMs: number;
  /** The first day the monitoring roll-ups should cover: the caller builds them from here to `options.today`. */
  rollupsFrom: string;
}

export interface SeedDependencies {
  /**
   * The hash every demo user signs in with — the app's hash of DEMO_PASSWORD (generate.ts), or any string in
   * tests that never sign in. The caller hashes it: db/ does not depend on app/server (seedDemo in
   * app/server/seed.server.ts does it, and builds the roll-ups).
   */
  passwordHash: string;
  /** Told after each batch, e.g. to print progress. */
  onProgress?: (rowCounts: RowCounts) => void;
}

/** Tables whose id column is a PostgreSQL serial: the seed writes ids itself, so the sequences must follow. */
const SERIAL_TABLES = ['stations', 'users', 'accountManagers', 'retailers', 'specs', 'orderCycles', 'orders', 'orderLines', 'orderEvents', 'uploads', 'stockCounts'] as const;

export class SeedTargetNotEmptyError extends Error {
  constructor(table: string) {
    super(`cannot seed: table ${table} already has rows (seed an empty database, or reset it first)`);
    this.name = 'SeedTargetNotEmptyError';
  }
}

/**
 * Writes the rows only. The monitoring roll-ups are the app's (app/server/rollups.server.ts): the caller builds
 * them afterwards for `summary.rollupsFrom`…`options.today` — seedDemo (app/server/seed.server.ts) does both.
 */
export async function seedDemoCounty(db: Kysely<Database>, partial: Partial<SeedOptions>, deps: SeedDependencies): Promise<SeedSummary> {
  const startedAt = performance.now();
  const options = resolveSeedOptions(partial);
  const dialect = sqlFor(db).name;
  await assertEmpty(db);
  // One hash for every demo user: hashing each of ~1,500 users would take minutes.
  const passwordHash = deps.passwordHash;
  const rowCounts = emptyRowCounts();

  await db.transaction().execute(async (trx) => {
    const indexes = await dropSecondaryIndexes(trx, dialect);
    const foreignKeys = dialect === 'postgres' ? await dropPostgresForeignKeys(trx) : [];
    for (const batch of generateDemoCounty(options, passwordHash)) {
      await bulkInsert(trx, batch);
      rowCounts[batch.table] += batch.rows.length;
      deps.onProgress?.(rowCounts);
    }
    for (const index of indexes) await sql.raw(index.definition).execute(trx);
    for (const fk of foreignKeys) await sql`alter table ${sql.table(fk.tableName)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(trx);
    if (dialect === 'postgres') await advanceSerialSequences(trx);
  });
  await analyze(db, dialect);
  return {
    options,
    dialect,
    rowCounts,
    totalRows: Object.values(rowCounts).reduce((a, b) => a + b, 0),
    elapsedMs: Math.round(performance.now() - startedAt),
    rollupsFrom: addDays(options.today, -7 * options.weeks - 7),
  };
}

async function assertEmpty(db: Kysely<Database>) {
  for (const table of ['users', 'retailers', 'specs', 'orderCycles'] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) > 0) throw new SeedTargetNotEmptyError(snakeCase(table));
  }
}

interface IndexDefinition {
  name: string;
  definition: string;
}

/**
 * Drops the plain (non-unique, non-key) indexes of the seeded tables and returns their definitions, read
 * from the database itself so that whatever the migrations created is exactly what comes back.
 */
async function dropSecondaryIndexes(db: Kysely<Database>, dialect: Dialect): Promise<IndexDefinition[]> {
  const tables = SEED_TABLES.map(snakeCase);
  let indexes: IndexDefinition[];
  if (dialect === 'sqlite') {
    // Indexes behind PRIMARY KEY / UNIQUE constraints are sqlite_autoindex_* with no SQL text.
    const result = await sql<IndexDefinition>`
      select name as name, sql as definition from sqlite_master
      where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})
      order by name`.execute(db);
    indexes = result.rows;
  } else {
    const result = await sql<IndexDefinition>`
      select i.indexname as name, i.indexdef as definition
      from pg_indexes i
      join pg_class c on c.relname = i.indexname and c.relnamespace = (select oid from pg_namespace where nspname = i.schemaname)
      join pg_index x on x.indexrelid = c.oid
      where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
        and not x.indisunique and not x.indisprimary
      order by i.indexname`.execute(db);
    indexes = result.rows;
  }
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  return indexes;
}

interface ForeignKeyDefinition {
  tableName: string;
  name: string;
  /** As pg_get_constraintdef prints it: FOREIGN KEY (…) REFERENCES …(…) [ON DELETE …]. */
  definition: string;
}

/** Drops the foreign keys declared on the seeded tables and returns their definitions. */
async function dropPostgresForeignKeys(db: Kysely<Database>): Promise<ForeignKeyDefinition[]> {
  const tables = SEED_TABLES.map(snakeCase);
  const result = await sql<ForeignKeyDefinition>`
    select t.relname as table_name, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'f' and n.nspname = current_schema() and t.relname in (${sql.join(tables)})
    order by t.relname, c.conname`.execute(db);
  for (const fk of result.rows) await sql`alter table ${sql.table(fk.tableName)} drop constraint ${sql.id(fk.name)}`.execute(db);
  return result.rows;
}

async function advanceSerialSequences(db: Kysely<Database>) {
  for (const table of SERIAL_TABLES.map(snakeCase)) {
    // is_called = false on an empty table, so the next id is 1 rather than 2.
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 1), max(id) is not null) from ${sql.table(table)}`.execute(db);
  }
}

async function analyze(db: Kysely<Database>, dialect: Dialect) {
  if (dialect === 'sqlite') {
    await sql`analyze`.execute(db);
    // Fold the load's write-ahead log into the database now, so the first writes after the seed (a demo's
    // first orders, a benchmark's first requests) do not pay for checkpointing millions of rows.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  }
  // Only our tables: a bare ANALYZE on PostgreSQL would visit every schema of the database.
  else await sql`analyze ${sql.join(SEED_TABLES.map((t) => sql.table(snakeCase(t))))}`.execute(db);
}
