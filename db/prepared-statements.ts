/**
 * Prepared statements on PostgreSQL (decision 0009).
 *
 * Kysely's PostgreSQL driver sends every statement unnamed, so the server parses and plans it anew each time: about
 * half of PostgreSQL's CPU on an order submit (measured with perf on the city bench). Each connection here keeps its
 * `size` most recently used statements prepared under a name instead (least recently used out, deallocated), so a
 * repeat sends only the parameters and the server reuses the parsed statement (and, once PostgreSQL finds a generic
 * plan as good as the custom ones, the plan). A statement is prepared the second time the connection sees it, so
 * one-off texts (a write whose text depends on how many rows it carries) do not push out those that repeat.
 *
 * Left unnamed: statements without parameters (sent as simple queries, which may hold several commands), very long
 * ones (bulk writes, whose cost is not parsing), and those naming `*`: a prepared statement whose result columns
 * change (a migration adding a column, run by another instance) fails with "cached plan must not change result
 * type". If that happens all the same (a column's type changed), the statement is dropped, and its next use
 * prepares it anew.
 *
 * How, with supported interfaces only: Kysely's PostgresDialect takes any pool that has its `PostgresPool` shape;
 * this one hands out pg's clients behind a wrapper whose `query(text, values)` names the statements to keep, with
 * pg's documented named statements (`client.query({ name, text, values })`) and `DEALLOCATE`. Names are never reused
 * (a counter), so pg's own record of what it prepared on a connection is never contradicted. That record keeps a
 * deallocated name's text until the connection closes: connections are recycled after CONNECTION_LIFETIME_SECONDS
 * (pg.Pool's maxLifetimeSeconds), which bounds it, as it bounds what the server holds for them.
 */
import type pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** Longer statements are left unnamed: their cost is not parsing. */
const MAX_PREPARED_SQL_LENGTH = 8_000;
/** pg.Pool's maxLifetimeSeconds for connections that keep statements prepared. */
export const CONNECTION_LIFETIME_SECONDS = 3_600;

class PreparingClient implements PostgresPoolClient {
  /** SQL text → statement name, least recently used first. */
  private readonly names = new Map<string, string>();
  /** Texts run once, unnamed (oldest first). */
  private readonly seenOnce = new Set<string>();
  private counter = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly size: number,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor as never);
    const text = sqlOrCursor;
    const values = [...(parameters ?? [])];
    if (values.length === 0 || text.length > MAX_PREPARED_SQL_LENGTH || text.includes('*')) return this.run<R>(text, values);
    let name = this.names.get(text);
    if (name === undefined) {
      if (!this.seenOnce.delete(text)) {
        if (this.seenOnce.size >= this.size) this.seenOnce.delete(this.seenOnce.values().next().value as string);
        this.seenOnce.add(text);
        return this.run<R>(text, values);
      }
      if (this.names.size >= this.size) this.drop(this.names.keys().next().value as string);
      name = `peihuo_${++this.counter}`;
    } else {
      this.names.delete(text);
    }
    this.names.set(text, name);
    return (this.client.query({ name, text, values }) as unknown as Promise<PostgresQueryResult<R>>).catch((error: { code?: string }) => {
      if (error?.code === '0A000') this.drop(text); // cached plan must not change result type
      throw error;
    });
  }

  release(): void {
    this.client.release();
  }

  private run<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
    return this.client.query(text, values) as unknown as Promise<PostgresQueryResult<R>>;
  }

  private drop(text: string) {
    const name = this.names.get(text);
    if (name === undefined) return;
    this.names.delete(text);
    // Queued behind whatever runs on this connection; fails harmlessly inside a failed transaction (the statement
    // then lives until the connection closes).
    this.client.query(`deallocate ${name}`).catch(() => {});
  }
}

/**
 * A pool for Kysely's PostgresDialect whose connections keep their `size` most recently used statements prepared.
 * Create `pool` with `maxLifetimeSeconds: CONNECTION_LIFETIME_SECONDS`.
 */
export function preparingPool(pool: pg.Pool, size: number): PostgresPool {
  // One wrapper per pg client, for as long as the client lives (Kysely keys its connections by what `connect` returns).
  const wrappers = new WeakMap<pg.PoolClient, PreparingClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = new PreparingClient(client, size)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}
