/**
 * PostgreSQL connections keep their most recently used statements prepared (db/prepared-statements.ts, decision
 * 0009): what is kept, what is left unnamed, that the least recently used are deallocated, and that a statement
 * whose result columns changed under it is prepared anew. Each case opens its own one-connection database handle
 * (a session of its own, so an empty cache) on its own table: the cases do not depend on each other's order.
 * They read the server's own list (pg_prepared_statements), so they also fail if an upgrade of pg or Kysely stops
 * sending named statements the way the pool asks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type DB } from '../../db/connect';
import { postgresSkipped, testDialect, useTestDb, type TestDb } from '../support/db';

describe.skipIf(testDialect() !== 'postgres' || postgresSkipped())('PostgreSQL statement cache', () => {
  let t: TestDb;
  let tables = 0;

  beforeAll(async () => {
    t = await useTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh session keeping at most 3 statements, and a table of its own holding (1, 10), (2, 20). */
  async function session(run: (db: DB, table: string) => Promise<void>) {
    const table = `cache_probe_${++tables}`;
    const db = connect({ url: t.url, schema: t.schema, poolSize: 1, statementCacheSize: 3 });
    try {
      await sql`create table ${sql.table(table)} (id integer primary key, x integer not null)`.execute(db);
      await sql`insert into ${sql.table(table)} values (1, 10), (2, 20)`.execute(db);
      await run(db, table);
    } finally {
      await db.destroy();
    }
  }
  const prepared = async (db: DB) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`.execute(db)).rows.map((r) => r.statement).sort();
  const byId = (db: DB, table: string, column: string, id: number) => sql<{ v: number }>`select ${sql.ref(column)} as v from ${sql.table(table)} where id = ${id}`.execute(db);

  it('prepares a statement with parameters the second time it runs, then binds the values anew each time', async () => {
    await session(async (db, table) => {
      expect((await byId(db, table, 'x', 1)).rows).toEqual([{ v: 10 }]);
      expect(await prepared(db)).toEqual([]);
      expect((await byId(db, table, 'x', 2)).rows).toEqual([{ v: 20 }]);
      expect((await byId(db, table, 'x', 1)).rows).toEqual([{ v: 10 }]);
      expect(await prepared(db)).toEqual([`select "x" as v from "${table}" where id = $1`]);
    });
  });

  it('leaves statements without parameters and those naming * unnamed', async () => {
    await session(async (db, table) => {
      for (let i = 0; i < 3; i++) {
        await sql`select x from ${sql.table(table)} where id = 1`.execute(db);
        expect((await sql`select * from ${sql.table(table)} where id = ${2}`.execute(db)).rows).toEqual([{ id: 2, x: 20 }]);
      }
      expect(await prepared(db)).toEqual([]);
    });
  });

  it('deallocates the least recently used beyond its size, and prepares it again under a new name when it returns', async () => {
    await session(async (db, table) => {
      const plus = (n: number) => sql<{ v: number }>`select x + ${sql.lit(n)} as v from ${sql.table(table)} where id = ${1}`.execute(db);
      await byId(db, table, 'id', 1);
      await byId(db, table, 'id', 1);
      await byId(db, table, 'x', 1);
      await byId(db, table, 'x', 1);
      await byId(db, table, 'id', 1); // used again: now the most recent
      await plus(1);
      await plus(1);
      await plus(2);
      expect((await plus(2)).rows).toEqual([{ v: 12 }]); // a fourth: the oldest ("x") goes
      expect(await prepared(db)).toEqual([
        `select "id" as v from "${table}" where id = $1`,
        `select x + 1 as v from "${table}" where id = $1`,
        `select x + 2 as v from "${table}" where id = $1`,
      ]);
      expect((await byId(db, table, 'x', 2)).rows).toEqual([{ v: 20 }]);
      expect((await byId(db, table, 'x', 2)).rows).toEqual([{ v: 20 }]); // prepared again, under a new name
      expect(await prepared(db)).toContain(`select "x" as v from "${table}" where id = $1`);
      expect((await prepared(db)).length).toBe(3);
    });
  });

  it('keeps statements prepared inside transactions, committed or rolled back', async () => {
    await session(async (db, table) => {
      for (const outcome of ['commit', 'rollback'] as const) {
        await db
          .transaction()
          .execute(async (trx) => {
            await sql`update ${sql.table(table)} set x = x + ${1} where id = ${1}`.execute(trx);
            await sql`update ${sql.table(table)} set x = x + ${1} where id = ${1}`.execute(trx);
            if (outcome === 'rollback') throw new Error('roll back');
          })
          .catch((error: Error) => expect(error.message).toBe('roll back'));
      }
      expect((await byId(db, table, 'x', 1)).rows).toEqual([{ v: 12 }]);
      expect(await prepared(db)).toEqual([`update "${table}" set x = x + $1 where id = $2`]);
    });
  });

  it('a statement whose result columns changed under it fails once, then is prepared anew', async () => {
    await session(async (db, table) => {
      await byId(db, table, 'x', 1);
      await byId(db, table, 'x', 1); // prepared
      await sql`alter table ${sql.table(table)} alter column x type bigint`.execute(db);
      await expect(byId(db, table, 'x', 1)).rejects.toThrow(/cached plan must not change result type/);
      expect((await byId(db, table, 'x', 1)).rows).toEqual([{ v: 10 }]);
    });
  });
});
