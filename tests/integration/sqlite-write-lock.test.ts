/**
 * SQLite transactions take the write lock when they begin (db/connect.ts): a transaction that reads and then
 * writes cannot be overtaken by another connection's commit in between (which fails a deferred transaction at
 * once with SQLITE_BUSY, whatever the busy timeout: the flaky e2e arrange step of 12-07). SQLite only.
 */
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDb, type TestDb } from '../support/db';

describe.skipIf(process.env.TEST_DIALECT === 'postgres')('SQLite transactions hold the write lock from their start', () => {
  let t: TestDb;
  let other: SQLite.Database;

  beforeAll(async () => {
    t = await useTestDb();
    other = new SQLite(t.url);
    other.pragma('busy_timeout = 0');
  });
  afterAll(async () => {
    other.close();
    await t.close();
  });

  it('another connection cannot start writing while a transaction that has only read is open', async () => {
    let otherCouldWrite: boolean | undefined;
    await t.db.transaction().execute(async (trx) => {
      await trx.selectFrom('stations').select('id').execute();
      try {
        other.exec('begin immediate');
        other.exec('rollback');
        otherCouldWrite = true;
      } catch (e) {
        expect((e as { code?: string }).code).toBe('SQLITE_BUSY');
        otherCouldWrite = false;
      }
    });
    expect(otherCouldWrite).toBe(false);
    // Once it has committed, the other connection writes as usual.
    other.exec('begin immediate');
    other.exec('rollback');
  });
});
