/**
 * Opens the database named by DATABASE_URL: PostgreSQL for postgres:// URLs, otherwise an
 * embedded SQLite file (default data/peihuo.db; `file:path` or a plain path also work).
 * The same Kysely code runs on both: the drivers' differences (types, connection settings) are absorbed
 * here, the SQL's in db/dialect.ts (chosen here, once per database) and in migrations/columns.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type DatabaseIntrospector, type Driver, type SqliteDialectConfig } from 'kysely';
import { CurrentSchemaIntrospector } from './current-schema-introspector';
import { registerDatabase, sqlForUrl, type DialectName } from './dialect';
import { CONNECTION_LIFETIME_SECONDS, preparingPool } from './prepared-statements';
import type { Database } from './schema';

export type Dialect = DialectName;
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

export function sqlitePathOf(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_PATH;
  return url.replace(/^(file|sqlite):(\/\/)?/, '');
}

export function connect(options: ConnectOptions = {}): DB {
  const url = options.url ?? process.env.DATABASE_URL;
  const plugins = [new CamelCasePlugin()];
  const dialect = sqlForUrl(url);
  if (dialect.name === 'postgres') {
    configurePgTypes();
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // A runaway query must not hold a connection for ever; 30 s is far above any page's budget.
      statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? 30_000),
      // JIT compiles a query when its estimated cost is high, which for the batch's and the pages' short queries
      // over big tables cost ~20 ms each, more than running them (measured on the city: 155 ms, 22 of them JIT).
      options: [options.schema ? `-c search_path=${options.schema}` : '', '-c jit=off'].join(' ').trim(),
      // Bounds what a connection's prepared statements hold, on the server and in pg (see prepared-statements.ts).
      maxLifetimeSeconds: CONNECTION_LIFETIME_SECONDS,
    });
    // Each connection keeps its most used statements prepared (db/prepared-statements.ts, decision 0009).
    const cacheSize = options.statementCacheSize ?? Number(process.env.DATABASE_STATEMENT_CACHE ?? 100);
    const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool: cacheSize > 0 ? preparingPool(pool, cacheSize) : pool }), plugins });
    registerDatabase(db, dialect);
    return db;
  }
  const file = sqlitePathOf(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new ImmediateTransactionsSqliteDialect({ database: withStatementCache(sqlite) }), plugins });
  registerDatabase(db, dialect, sqlite);
  return db;
}

/** PostgreSQL, introspected in the connection's own schema only (db/current-schema-introspector.ts says why). */
class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

/**
 * Every SQLite transaction takes the write lock when it begins (BEGIN IMMEDIATE), not at its first write.
 * A deferred transaction that reads and then writes fails at once with SQLITE_BUSY, whatever the busy timeout,
 * when another connection to the file (a second server process, a job runner, a command, a test's arrange step)
 * committed in between: its snapshot is stale and SQLite cannot wait its way out. Taking the lock first makes it
 * wait its turn instead. Inside one process nothing changes: Kysely already runs one transaction at a time on the
 * single connection, and readers outside a transaction never wait (WAL).
 */
class ImmediateTransactionsSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateTransactionsSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateTransactionsSqliteDriver(this.#config);
  }
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
