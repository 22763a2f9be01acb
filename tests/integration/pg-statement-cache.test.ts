/**
 * PostgreSQL connections keep their most recently used statements prepared (db/connect.ts): what is kept,
 * what is left unnamed, that the least recently used are deallocated, and that a statement whose result
 * columns changed under it is prepared anew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type DB } from '#db/connect';
import { postgresSkipped, testDialect, useTestDb, type TestDb } from '../support/db';

describe.skipIf(testDialect() !== 'postgres' || postgresSkipped())('PostgreSQL statement cache', () => {
  let t: TestDb;
  let db: DB;

  beforeAll(async () => {
    t = await useTestDb();
    // One connection, so every statement below meets the same cache.
    db = connect({ url: t.url, schema: t.schema, poolSize: 1, statementCacheSize: 3 });
    await sql`create table cache_probe (id integer primary key, x integer not null)`.execute(db);
    await sql`insert into cache_probe values (1, 10), (2, 20)`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await t?.close();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`.execute(db)).rows.map((r) => r.statement);
  const byId = (column: string, id: number) => sql<{ v: number }>`select ${sql.ref(column)} as v from cache_probe where id = ${id}`.execute(db);

  it('prepares a statement with parameters the second time it runs, then binds the values anew each time', async () => {
    expect((await byId('x', 1)).rows).toEqual([{ v: 10 }]);
    expect(await prepared()).toEqual([]);
    expect((await byId('x', 2)).rows).toEqual([{ v: 20 }]);
    expect((await byId('x', 1)).rows).toEqual([{ v: 10 }]);
    expect(await prepared()).toEqual(['select "x" as v from cache_probe where id = $1']);
  });

  it('leaves statements without parameters and those naming * unnamed', async () => {
    for (let i = 0; i < 2; i++) {
      await sql`select x from cache_probe where id = 1`.execute(db);
      expect((await sql`select * from cache_probe where id = ${2}`.execute(db)).rows).toEqual([{ id: 2, x: 20 }]);
    }
    expect(await prepared()).toEqual(['select "x" as v from cache_probe where id = $1']);
  });

  it('deallocates the least recently used beyond its size', async () => {
    const plus = (n: number) => sql<{ v: number }>`select x + ${sql.lit(n)} as v from cache_probe where id = ${1}`.execute(db);
    await byId('id', 1);
    await byId('id', 1);
    await byId('x', 1); // used again: now the most recent
    await plus(1);
    await plus(1);
    await plus(2);
    expect((await plus(2)).rows).toEqual([{ v: 12 }]); // a fourth: the oldest ("id") goes
    expect((await prepared()).sort()).toEqual([
      'select "x" as v from cache_probe where id = $1',
      'select x + 1 as v from cache_probe where id = $1',
      'select x + 2 as v from cache_probe where id = $1',
    ]);
    expect((await byId('id', 2)).rows).toEqual([{ v: 2 }]);
    expect((await byId('id', 2)).rows).toEqual([{ v: 2 }]); // prepared again, under a new name
  });

  it('a statement whose result columns changed under it fails once, then is prepared anew', async () => {
    await byId('x', 1);
    await byId('x', 1); // prepared (again: the test above pushed it out)
    await sql`alter table cache_probe alter column x type bigint`.execute(db);
    await expect(byId('x', 1)).rejects.toThrow(/cached plan must not change result type/);
    expect((await byId('x', 1)).rows).toEqual([{ v: 10 }]);
  });
});
