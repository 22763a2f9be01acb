/**
 * A fresh, migrated database for one test file, on the dialect named by TEST_DIALECT:
 * SQLite — a new file in the OS temp folder; PostgreSQL — a new schema in the test database, dropped after.
 * Usage:
 *   const t = await useTestDb();   // in beforeAll
 *   t.db …                         // Kysely<Database>
 *   await t.close();               // in afterAll
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type DB, type Dialect } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';

export function testPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function testDialect(): Dialect {
  return process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
}

/** True when this run should skip PostgreSQL tests (no server, not required). */
export function postgresSkipped(): boolean {
  return testDialect() === 'postgres' && inject('postgresSkipped') === true;
}

export interface TestDb {
  db: DB;
  dialect: Dialect;
  /** What DATABASE_URL / connect() options reach this same database (for a second connection or a server). */
  url: string;
  schema: string | undefined;
  close(): Promise<void>;
}

export async function useTestDb(): Promise<TestDb> {
  const dialect = testDialect();
  const name = `t_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  if (dialect === 'postgres') {
    const url = testPostgresUrl();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${name}`);
    await admin.end();
    const db = connect({ url, schema: name, poolSize: 25 });
    await migrateToLatest(db);
    return {
      db,
      dialect,
      url,
      schema: name,
      async close() {
        await db.destroy();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${name} cascade`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peihuo-test-'));
  const file = path.join(dir, `${name}.db`);
  const db = connect({ url: file });
  await migrateToLatest(db);
  return {
    db,
    dialect,
    url: file,
    schema: undefined,
    async close() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
