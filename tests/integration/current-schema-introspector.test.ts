/**
 * PostgreSQL's introspection sees the connection's own schema only (db/current-schema-introspector.ts): another
 * schema's tables — another test file's, another app's — are not listed, so the migrator's "do my bookkeeping tables
 * exist" never reads them, and another session dropping its schema meanwhile cannot make it fail. On SQLite there is
 * one schema and Kysely's own introspector runs; this file checks the listing there too.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/connect';
import { migrateToLatest, migrationsCurrent } from '../../db/migrate';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('introspection in the connection\'s own schema', () => {
  let t: TestDb;
  const other = `t_other_${crypto.randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    t = await useTestDb();
    if (t.dialect === 'postgres') {
      // Another schema in the same database holding tables of the same names as ours, and one of its own.
      await sql`create schema ${sql.id(other)}`.execute(t.db);
      await sql`create table ${sql.id(other, 'kysely_migration')} (name text primary key, timestamp text)`.execute(t.db);
      await sql`create table ${sql.id(other, 'only_elsewhere')} (id serial primary key)`.execute(t.db);
    }
  });
  afterAll(async () => {
    if (t?.dialect === 'postgres') await sql`drop schema if exists ${sql.id(other)} cascade`.execute(t.db);
    await t?.close();
  });

  it('lists this schema\'s tables with their columns, and nothing of another schema', async () => {
    const tables = await t.db.introspection.getTables();
    const names = tables.map((tb) => tb.name);
    expect(names).toContain('retailers');
    expect(names).not.toContain('only_elsewhere');
    expect(names).not.toContain('kysely_migration');
    if (t.dialect === 'postgres') expect(new Set(tables.map((tb) => tb.schema))).toEqual(new Set([t.schema]));
    const retailers = tables.find((tb) => tb.name === 'retailers')!;
    const id = retailers.columns.find((c) => c.name === 'id')!;
    if (t.dialect === 'postgres') expect(id).toMatchObject({ dataType: 'int4', isNullable: false, isAutoIncrementing: true, hasDefaultValue: true });
    expect(retailers.columns.map((c) => c.name)).toContain('licence_no');
    const withKysely = (await t.db.introspection.getTables({ withInternalKyselyTables: true })).map((tb) => tb.name);
    expect(withKysely).toContain('kysely_migration');
  });

  it('migrates and reports migrations current beside another schema\'s bookkeeping tables', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    expect(await migrationsCurrent(t.db)).toBe(true);
    if (t.dialect === 'postgres') {
      // A second connection to the same schema sees the same; the other schema's tables stay where they are.
      const again = connect({ url: t.url, schema: t.schema });
      try {
        expect(await migrationsCurrent(again)).toBe(true);
      } finally {
        await again.destroy();
      }
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(other, 'kysely_migration')}`.execute(t.db);
      expect(rows[0]!.n).toBe(0);
    }
  });
});
