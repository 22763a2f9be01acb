/**
 * Every difference between SQLite and PostgreSQL that the app's queries meet, in one place (decision 0002).
 * `app/server` builds its queries with these helpers and never asks which database it is on: the dialect is
 * chosen once, when `connect()` opens the database, and found again from any Kysely instance or transaction
 * made on it (they share its adapter).
 *
 * - fragments: day arithmetic (`dayMinus`, `daysSince`), aggregates returned as JSON (`jsonColumns`);
 * - inside a transaction (the type says so: `Transaction<Database>`): locks (`lockTransaction`,
 *   `lockColumn`), writes sent together (`writeTogether`), one column set row by row (`updateByIds`),
 *   bulk inserts (`bulkInsert`);
 * - what the database can do at once (`isParallel`, `sharedByInstances`), for settings that follow from it.
 *
 * SQL that both dialects read the same way (row values with `is distinct from`, `string_agg`, `on conflict`,
 * `returning`) needs nothing here. Column types for migrations are in migrations/columns.ts.
 */
import type SQLite from 'better-sqlite3';
import { PostgresAdapter, sql, type DialectAdapter, type Expression, type Kysely, type OperationNodeSource, type RawBuilder, type Transaction } from 'kysely';
import { BulkInserter, snakeCase, type PostgresColumnTypes, type RowBatch } from './bulk-insert';
import { chunks } from './chunks';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface SqlDialect {
  readonly name: DialectName;
  /**
   * The database runs several statements at once (PostgreSQL, on the pool's connections). SQLite here is one
   * connection inside this process: one statement at a time, so more work in flight only queues.
   */
  readonly isParallel: boolean;
  /** Several app instances can share the database (decision 0006); SQLite is a file of one instance. */
  readonly sharedByInstances: boolean;
  dayMinus(day: Expression<unknown>, n: number): RawBuilder<string>;
  daysSince(day: Expression<unknown>, fromDay: string): RawBuilder<number>;
  jsonColumns(values: readonly Expression<unknown>[]): RawBuilder<string>;
  lock(trx: Transaction<Database>, key: number, id?: number): Promise<void>;
  lockColumn(key: number, id: Expression<number>): RawBuilder<unknown>;
  writeTogether(trx: Transaction<Database>, writes: readonly Write[]): Promise<void>;
  updateByIds(trx: Transaction<Database>, table: string, column: string, values: ReadonlyMap<number, number>): Promise<void>;
}

/** A write built but not yet run (Kysely's insert, update and delete builders). */
export type Write = OperationNodeSource & { execute(): Promise<unknown> };

/** Ids per `update … where id in (…)` on SQLite: well inside its 32,766 bound parameters. */
const SQLITE_IDS_PER_STATEMENT = 5_000;
/** Rows per `update … from unnest(…)` on PostgreSQL (two array parameters, whatever their length). */
const POSTGRES_ROWS_PER_UPDATE = 50_000;

const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  isParallel: false,
  sharedByInstances: false,
  dayMinus: (day, n) => sql<string>`date(${day}, ${sql.lit(`-${n} days`)})`,
  daysSince: (day, fromDay) => sql<number>`cast(julianday(${day}) - julianday(${fromDay}) as integer)`,
  jsonColumns: (values) => sql<string>`json_array(${sql.join(values.map((v) => sql`json_group_array(${v})`))})`,
  // One writer at a time: a transaction that writes is alone until it ends.
  lock: async () => {},
  lockColumn: () => sql`null`,
  // A statement is a function call here, not a round trip: one after the other costs nothing more.
  async writeTogether(_trx, writes) {
    for (const w of writes) await w.execute();
  },
  // Rows grouped by their new value: one `update … where id in (…)` per value and chunk, served by the key.
  async updateByIds(trx, table, column, values) {
    const byValue = new Map<number, number[]>();
    for (const [id, value] of values) {
      const ids = byValue.get(value);
      if (ids) ids.push(id);
      else byValue.set(value, [id]);
    }
    for (const [value, ids] of byValue) {
      for (const part of chunks(ids, SQLITE_IDS_PER_STATEMENT)) {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where id in (${sql.join(part)}) and ${sql.ref(column)} is distinct from ${value}`.execute(trx);
      }
    }
  },
};

const postgresDialect: SqlDialect = {
  name: 'postgres',
  isParallel: true,
  sharedByInstances: true,
  dayMinus: (day, n) => sql<string>`(${day} - ${sql.lit(n)}::integer)`,
  daysSince: (day, fromDay) => sql<number>`(${day} - ${fromDay}::date)`,
  // array_agg then array_to_json: compact text ([1,2], where json_agg writes [1, 2]) and less CPU than json_agg.
  // An aggregate of no rows is null, where SQLite's json_group_array gives []: the same text either way.
  jsonColumns: (values) => sql<string>`json_build_array(${sql.join(values.map((v) => sql`array_to_json(coalesce(array_agg(${v}), '{}'))`))})::text`,
  async lock(trx, key, id) {
    await (id === undefined ? sql`select pg_advisory_xact_lock(${key})` : sql`select pg_advisory_xact_lock(${key}, ${id})`).execute(trx);
  },
  lockColumn: (key, id) => sql`pg_advisory_xact_lock(${key}, ${id})`,
  // One statement: all but the last as data-modifying WITH queries, which PostgreSQL runs to completion whether
  // or not the main statement reads them. One round trip instead of one per write.
  async writeTogether(trx, writes) {
    if (writes.length <= 1) {
      for (const w of writes) await w.execute();
      return;
    }
    const ctes = writes.slice(0, -1).map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`);
    await sql`with ${sql.join(ctes)} ${writes[writes.length - 1]!}`.execute(trx);
  },
  // One `update … from unnest(ids, values)` (chunks of long IN lists took several times longer), writing only the
  // rows whose value changes.
  async updateByIds(trx, table, column, values) {
    const ids = [...values.keys()];
    for (const part of chunks(ids, POSTGRES_ROWS_PER_UPDATE)) {
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = v.value
        from unnest(${part}::int4[], ${part.map((id) => values.get(id)!)}::int4[]) as v(id, value)
        where ${sql.ref(`${table}.id`)} = v.id and ${sql.ref(`${table}.${column}`)} is distinct from v.value`.execute(trx);
    }
  },
};

/** What `connect()` keeps for one database: its dialect and the per-connection state of its bulk inserts. */
interface Registered {
  dialect: SqlDialect;
  /** SQLite: the one connection, for bulk inserts that run a prepared statement in a loop (see bulkInsert). */
  sqliteHandle?: SQLite.Database;
  /** PostgreSQL: each table's column types, read once per database (information_schema costs ~6 ms a look). */
  postgresTypes: PostgresColumnTypes;
}

// Keyed by the adapter, which Kysely shares between an instance, its transactions and withSchema/withPlugin copies.
const registered = new WeakMap<DialectAdapter, Registered>();

function adapterOf(db: Kysely<any>): DialectAdapter {
  return db.getExecutor().adapter;
}

/** The dialect of a URL, as `connect()` reads DATABASE_URL: PostgreSQL for postgres:// URLs, otherwise SQLite. */
export function sqlForUrl(url: string | undefined): SqlDialect {
  return url && /^postgres(ql)?:\/\//.test(url) ? postgresDialect : sqliteDialect;
}

/** Called by `connect()` once per database it opens. */
export function registerDatabase(db: Kysely<any>, dialect: SqlDialect, sqliteHandle?: SQLite.Database): void {
  registered.set(adapterOf(db), { dialect, sqliteHandle, postgresTypes: new Map() });
}

function registrationOf(db: Kysely<any>): Registered {
  const adapter = adapterOf(db);
  let entry = registered.get(adapter);
  if (!entry) {
    // A Kysely instance not made by connect() (a test's own, a migration's Kysely<any>): told by its adapter.
    entry = { dialect: adapter instanceof PostgresAdapter ? postgresDialect : sqliteDialect, postgresTypes: new Map() };
    registered.set(adapter, entry);
  }
  return entry;
}

/** The dialect of a database, a transaction on it, or a Kysely<any> on it. */
export function sqlFor(db: Kysely<any>): SqlDialect {
  return registrationOf(db).dialect;
}

/** `day − n days`, as a day, for a day expression (text on SQLite, date on PostgreSQL). */
export function dayMinus(db: Kysely<any>, day: Expression<unknown>, n: number): RawBuilder<string> {
  return sqlFor(db).dayMinus(day, n);
}

/** Whole days from `fromDay` to a day expression (0 on `fromDay` itself). */
export function daysSince(db: Kysely<any>, day: Expression<unknown>, fromDay: string): RawBuilder<number> {
  return sqlFor(db).daysSince(day, fromDay);
}

/**
 * An aggregate: the group's values of each expression, one JSON array per expression, as JSON text —
 * `[[a1,a2,…],[b1,b2,…]]`; `[[],[]]` for no rows. Read it with `readJsonColumns`. The arrays line up (the
 * aggregates of one group read its rows in the same order), and flat arrays of numbers are what JSON.parse reads
 * fastest. Measured on the demo county (loadShopsData for its 1,466 shops, 2.7 M items; CPU time of Node and the
 * database, 2026-12-07 on a machine at load 13-26): the same as the comma-separated `spec:day:qty` strings this
 * replaced, within the noise (PostgreSQL 3.2-3.7 s a pass against 3.3-3.7 s, SQLite 2.5-2.8 s against 2.8-3.0 s);
 * an array per row (`[[spec,day,qty],…]`) cost +53 % on PostgreSQL, and json_agg in place of array_agg wrote 36 %
 * more text and cost up to 13 % more.
 */
export function jsonColumns(db: Kysely<any>, values: readonly Expression<unknown>[]): RawBuilder<string> {
  return sqlFor(db).jsonColumns(values);
}

/** Parses a `jsonColumns` value: `count` arrays of the same length (empty ones for null or no rows). */
export function readJsonColumns<T = number>(text: string | null | undefined, count: number): T[][] {
  const parsed = text ? (JSON.parse(text) as T[][]) : [];
  return Array.from({ length: count }, (_, i) => parsed[i] ?? []);
}

/**
 * Holds an application lock until the transaction ends: callers with the same `key` (and `id`) run one after the
 * other. PostgreSQL: pg_advisory_xact_lock. SQLite: nothing to do (one writer at a time).
 */
export function lockTransaction(trx: Transaction<Database>, key: number, id?: number): Promise<void> {
  return sqlFor(trx).lock(trx, key, id);
}

/**
 * The same lock taken by a column of a query (`.select(lockColumn(trx, KEY, sql.ref('retailers.id')).as('locked'))`),
 * which saves the statement of its own; its value means nothing (null on SQLite).
 */
export function lockColumn(trx: Transaction<Database>, key: number, id: Expression<number>): RawBuilder<unknown> {
  return sqlFor(trx).lockColumn(key, id);
}

/**
 * Runs writes that are independent of each other (none reads what another writes, no two touch the same row),
 * all to completion: on PostgreSQL as one statement (one round trip), on SQLite one after the other.
 */
export function writeTogether(trx: Transaction<Database>, writes: readonly Write[]): Promise<void> {
  return sqlFor(trx).writeTogether(trx, writes);
}

/**
 * Sets one integer column of many rows, each to its own value (`values`: id → value), writing only the rows
 * whose value changes. Table and column are names from our code (camelCase, as in Database).
 */
export function updateByIds<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  column: keyof Database[T] & string,
  values: ReadonlyMap<number, number>,
): Promise<void> {
  if (!values.size) return Promise.resolve();
  return sqlFor(trx).updateByIds(trx, snakeCase(table), snakeCase(column), values);
}

/**
 * Inserts many rows that all have the same columns, the fastest way each dialect has (db/bulk-insert.ts). Only
 * inside a transaction: on SQLite the rows may go through the connection itself, which is safe only while this
 * transaction holds it.
 */
export function bulkInsert(trx: Transaction<Database>, batch: RowBatch): Promise<void> {
  const r = registrationOf(trx);
  return new BulkInserter(trx, { dialect: r.dialect.name, sqliteHandle: r.sqliteHandle, postgresTypes: r.postgresTypes }).insert(batch);
}

export type { RowBatch };
