/**
 * Bulk INSERTs for the seed's millions of rows. Kysely's query builder would build and walk a node per
 * value (measured ~40 % slower on SQLite), so the seed writes the statement text itself and runs it through
 * Kysely's executor: same connection, same transaction, still parameterised. Only seed-controlled table
 * and column names go into the text; every value is a bound parameter.
 *
 * - SQLite: multi-row VALUES, as many rows per statement as its 32,766 bound parameters allow.
 * - PostgreSQL: one array parameter per column, `insert … select * from unnest($1::int4[], …)`. Parsing
 *   and planning a VALUES list of 65,535 parameters costs the server far more than unpacking arrays
 *   (measured: the default county took 67 s with VALUES).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect';
import type { Database } from '../schema';
import type { SeedBatch } from './rows';

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

export class BulkInserter {
  /** PostgreSQL element type of each column (udt_name, e.g. int4, text, date), per table. */
  private readonly postgresTypes = new Map<string, Map<string, string>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Inserts a batch of rows that all have the same columns. */
  async insert(batch: SeedBatch): Promise<void> {
    const rows = batch.rows as readonly Record<string, ParameterValue>[];
    const first = rows[0];
    if (!first) return;
    const table = snakeCase(batch.table);
    const columns = Object.keys(first);
    if (this.dialect === 'sqlite') await this.insertSqlite(table, columns, rows);
    else await this.insertPostgres(table, columns, rows);
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
    const types = await this.postgresColumnTypes(table);
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

  private async postgresColumnTypes(table: string): Promise<Map<string, string>> {
    let types = this.postgresTypes.get(table);
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
