/**
 * Opens the database named by DATABASE_URL: PostgreSQL for postgres:// URLs, otherwise an
 * embedded SQLite file (default data/peihuo.db; `file:path` or a plain path also work).
 * The same Kysely code runs on both; the differences are absorbed here and in migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';
export type DB = Kysely<Database>;

export interface ConnectOptions {
  /** postgres://… or a SQLite path (optionally prefixed by file: or sqlite:). */
  url?: string;
  /** PostgreSQL only: the schema to use (tests get a fresh one each). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PostgreSQL only: statements kept prepared per connection (0: none); DATABASE_STATEMENT_CACHE, default 100. */
  statementCacheSize?: number;
}

export const DEFAULT_SQLITE_PATH = 'data/peihuo.db';

// PostgreSQL returns dates, timestamps and bigints as JS objects/strings by default; the app treats
// days as 'YYYY-MM-DD' strings, instants as ISO strings and counts as numbers on both dialects.
let pgTypesConfigured = false;
function configurePgTypes() {
  if (pgTypesConfigured) return;
  pgTypesConfigured = true;
  pg.types.setTypeParser(1082, (v) => v); // date
  pg.types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz
  pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString()); // timestamp
  pg.types.setTypeParser(20, (v) => Number(v)); // int8 (count(*), sum())
  pg.types.setTypeParser(1700, (v) => Number(v)); // numeric (sum of ints, avg)
}

export function dialectOf(url: string | undefined): Dialect {
  return url && /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export function sqlitePathOf(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_PATH;
  return url.replace(/^(file|sqlite):(\/\/)?/, '');
}

export function connect(options: ConnectOptions = {}): DB {
  const url = options.url ?? process.env.DATABASE_URL;
  const plugins = [new CamelCasePlugin()];
  if (dialectOf(url) === 'postgres') {
    configurePgTypes();
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // A runaway query must not hold a connection for ever; 30 s is far above any page's budget.
      statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? 30_000),
      // JIT compiles a query when its estimated cost is high, which for the batch's and the pages' short queries
      // over big tables cost ~20 ms each, more than running them (measured on the city: 155 ms, 22 of them JIT).
      options: [options.schema ? `-c search_path=${options.schema}` : '', '-c jit=off'].join(' ').trim(),
    });
    const cacheSize = options.statementCacheSize ?? Number(process.env.DATABASE_STATEMENT_CACHE ?? 100);
    if (cacheSize > 0) pool.on('connect', (client) => keepStatementsPrepared(client, cacheSize));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  }
  const file = sqlitePathOf(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins });
  sqliteHandles.set(db, sqlite);
  return db;
}

/** Which dialect a live Kysely instance speaks (from its adapter, so it also works on Kysely<any>). */
export function dialectOfDb(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs about as much as running a small
 * query. The app's queries repeat with different parameters, so prepared statements are kept by SQL text
 * (least recently used out). Safe because Kysely runs one statement at a time on this single connection.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/** Longer statements are left unnamed: bulk inserts, whose every size is its own text and whose cost is not parsing. */
const MAX_PREPARED_SQL_LENGTH = 8_000;

/**
 * Kysely's PostgreSQL driver sends every statement unnamed, so the server parses and plans it anew each time:
 * about half of PostgreSQL's CPU on an order submit (measured with perf on the city bench). Each connection keeps
 * its `size` most recently used statements prepared under a name instead (least recently used out, deallocated),
 * so a repeat sends only the parameters and the server reuses the parsed statement (and, once PostgreSQL finds a
 * generic plan as good as the custom ones, the plan). A statement is prepared the second time the connection
 * sees it, so one-off texts (a write whose text depends on how many rows it carries) do not push out those that
 * repeat.
 * Left unnamed: statements without parameters (sent as simple queries, which may hold several commands), very
 * long ones, and those naming `*`: a prepared statement whose result columns change (a migration adding a column,
 * run by another instance) fails with "cached plan must not change result type". If that happens all the same
 * (a column's type changed), the statement is dropped, and its next use prepares it anew.
 * Relies on pg's `connection.parsedStatements` (where pg remembers what it prepared on the connection) to forget
 * a statement it deallocated.
 */
function keepStatementsPrepared(client: pg.PoolClient, size: number) {
  const names = new Map<string, string>(); // SQL text → statement name, least recently used first
  const seenOnce = new Set<string>(); // texts run once, unnamed (oldest first)
  let counter = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements;
  if (!parsed) return; // not the pg this was written for: leave every statement unnamed
  const drop = (text: string) => {
    const name = names.get(text);
    if (name === undefined) return;
    names.delete(text);
    delete parsed[name];
    // Queued behind whatever runs on this connection; fails harmlessly inside a failed transaction (the statement
    // then lives until the connection closes).
    query(`deallocate ${name}`).catch(() => {});
  };
  const named = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || text.length > MAX_PREPARED_SQL_LENGTH || text.includes('*')) {
      return query(...args);
    }
    let name = names.get(text);
    if (name === undefined) {
      if (!seenOnce.delete(text)) {
        if (seenOnce.size >= size) seenOnce.delete(seenOnce.values().next().value as string);
        seenOnce.add(text);
        return query(text, values);
      }
      if (names.size >= size) drop(names.keys().next().value as string);
      name = `peihuo_${++counter}`;
    } else {
      names.delete(text);
    }
    names.set(text, name);
    return query({ name, text, values }).catch((error: { code?: string }) => {
      if (error?.code === '0A000') drop(text); // cached plan must not change result type
      throw error;
    });
  };
  client.query = named as typeof client.query;
}

const sqliteHandles = new WeakMap<Kysely<any>, SQLite.Database>();

/**
 * The better-sqlite3 connection behind a Kysely instance made by `connect()`, for bulk writes that run a
 * prepared statement in a loop. Safe inside a Kysely transaction on that instance: SQLite here is one
 * connection, and the transaction holds Kysely's lock on it while it runs. Undefined for PostgreSQL.
 */
export function sqliteHandleOf(db: Kysely<any>): SQLite.Database | undefined {
  return sqliteHandles.get(db);
}
