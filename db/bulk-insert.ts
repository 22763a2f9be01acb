/**
 * Bulk INSERTs, for the seed's millions of rows and the app's big uploads. Kysely's query builder would build
 * and walk a node per value (measured ~40 % slower on SQLite), so this writes the statement text itself and
 * runs it through Kysely's executor: same connection, same transaction, still parameterised. Only table and
 * column names chosen by our code go into the text (taken from the first row's keys, which callers build
 * themselves, never from a request); every value is a bound parameter.
 *
 * - SQLite: multi-row VALUES, as many rows per statement as its 32,766 bound parameters allow.
 * - PostgreSQL: one array parameter per column, `insert … select * from unnest($1::int4[], …)`. Parsing
 *   and planning a VALUES list of 65,535 parameters costs the server far more than unpacking arrays
 *   (measured: the default county took 67 s with VALUES).
 */
import type SQLite from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** Rows for one table, all with the same columns (camelCase keys, as Kysely's CamelCasePlugin maps them). */
export interface RowBatch {
  table: keyof Database;
  rows: readonly object[];
}

/** SQLITE_MAX_VARIABLE_NUMBER. */
const SQLITE_MAX_PARAMETERS = 32_766;
/** Past a few thousand rows a VALUES statement gets no faster, only its text bigger. */
const SQLITE_MAX_ROWS_PER_STATEMENT = 4_000;
const POSTGRES_ROWS_PER_STATEMENT = 20_000;

type ParameterValue = string | number | null;

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function sqliteRowsPerStatement(columnCount: number): number {
  return Math.max(1, Math.min(SQLITE_MAX_ROWS_PER_STATEMENT, Math.floor(SQLITE_MAX_PARAMETERS / columnCount)));
}

function valuesPlaceholders(rowCount: number, columnCount: number): string {
  const tuple = `(${new Array<string>(columnCount).fill('?').join(',')})`;
  return new Array<string>(rowCount).fill(tuple).join(',');
}

/** PostgreSQL element type of each column (udt_name, e.g. int4, text, date), per table. */
export type PostgresColumnTypes = Map<string, Map<string, string>>;

export interface BulkInserterOptions {
  dialect: 'sqlite' | 'postgres';
  /**
   * SQLite only: the connection itself, when `db` is a transaction holding it. A prepared single-row statement run
   * in a loop is faster than big VALUES statements; without it the VALUES path is used.
   */
  sqliteHandle?: SQLite.Database;
  /** Column types already looked up (reading them from information_schema costs ~6 ms on PostgreSQL). */
  postgresTypes?: PostgresColumnTypes;
}

/** Used through `bulkInsert` (db/dialect.ts), which passes the database's own handle and type cache. */
export class BulkInserter {
  private readonly dialect: 'sqlite' | 'postgres';
  private readonly sqliteHandle: SQLite.Database | undefined;
  private readonly postgresTypes: PostgresColumnTypes;

  constructor(
    private readonly db: Kysely<Database> | Kysely<any>,
    options: BulkInserterOptions,
  ) {
    this.dialect = options.dialect;
    // The connection is ours only while a transaction of this Kysely instance holds it.
    this.sqliteHandle = db.isTransaction ? options.sqliteHandle : undefined;
    this.postgresTypes = options.postgresTypes ?? new Map<string, Map<string, string>>();
  }

  /** Inserts a batch of rows that all have the same columns. */
  async insert(batch: RowBatch): Promise<void> {
    const rows = batch.rows as readonly Record<string, ParameterValue>[];
    const first = rows[0];
    if (!first) return;
    const table = snakeCase(batch.table);
    const columns = Object.keys(first);
    if (this.dialect === 'sqlite' && this.sqliteHandle) this.insertSqliteLoop(this.sqliteHandle, table, columns, rows);
    else if (this.dialect === 'sqlite') await this.insertSqlite(table, columns, rows);
    else await this.insertPostgres(table, columns, rows);
  }

  private insertSqliteLoop(handle: SQLite.Database, table: string, columns: string[], rows: readonly Record<string, ParameterValue>[]) {
    const statement = handle.prepare(`insert into ${table} (${columns.map(snakeCase).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
    const values = new Array<ParameterValue>(columns.length);
    for (const row of rows) {
      for (let c = 0; c < columns.length; c++) values[c] = row[columns[c]!] ?? null;
      statement.run(values);
    }
  }

  private async insertSqlite(table: string, columns: string[], rows: readonly Record<string, ParameterValue>[]) {
    const perStatement = sqliteRowsPerStatement(columns.length);
    const head = `insert into ${table} (${columns.map(snakeCase).join(', ')}) values `;
    const fullText = head + valuesPlaceholders(perStatement, columns.length);
    for (let start = 0; start < rows.length; start += perStatement) {
      const end = Math.min(rows.length, start + perStatement);
      const parameters: ParameterValue[] = [];
      for (let r = start; r < end; r++) {
        const row = rows[r]!;
        for (const column of columns) parameters.push(row[column] ?? null);
      }
      const text = end - start === perStatement ? fullText : head + valuesPlaceholders(end - start, columns.length);
      await this.db.executeQuery(CompiledQuery.raw(text, parameters));
    }
  }

  private async insertPostgres(table: string, columns: string[], rows: readonly Record<string, ParameterValue>[]) {
    let types = await this.postgresColumnTypes(table);
    // A column added since the types were read (a migration while the process runs): read them again once.
    if (columns.some((column) => !types.has(snakeCase(column)))) types = await this.postgresColumnTypes(table, true);
    const casts = columns.map((column, i) => {
      const type = types.get(snakeCase(column));
      if (!type) throw new Error(`seed: column ${table}.${snakeCase(column)} not found in the database`);
      return `$${i + 1}::${type}[]`;
    });
    const text = `insert into ${table} (${columns.map(snakeCase).join(', ')}) select * from unnest(${casts.join(', ')})`;
    for (let start = 0; start < rows.length; start += POSTGRES_ROWS_PER_STATEMENT) {
      const end = Math.min(rows.length, start + POSTGRES_ROWS_PER_STATEMENT);
      const arrays = columns.map(() => new Array<ParameterValue>(end - start));
      for (let r = start; r < end; r++) {
        const row = rows[r]!;
        columns.forEach((column, c) => {
          arrays[c]![r - start] = row[column] ?? null;
        });
      }
      await this.db.executeQuery(CompiledQuery.raw(text, arrays));
    }
  }

  private async postgresColumnTypes(table: string, again = false): Promise<Map<string, string>> {
    let types = again ? undefined : this.postgresTypes.get(table);
    if (!types) {
      const result = await sql<{ name: string; type: string }>`
        select column_name as name, udt_name as type from information_schema.columns
        where table_schema = current_schema() and table_name = ${table}`.execute(this.db);
      types = new Map(result.rows.map((r) => [r.name, r.type]));
      this.postgresTypes.set(table, types);
    }
    return types;
  }
}
