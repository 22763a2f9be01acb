import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, migrationsCurrent } from '../../db/migrate';
import { migrations } from '../../db/migrations/index';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('migrations', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await useTestDb();
  });
  afterAll(() => t?.close());

  const tables = async () => {
    const rows =
      t.dialect === 'postgres'
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(t.db)
        : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db);
    return rows.rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_'));
  };

  it('are current after migrating, and every domain table exists', async () => {
    expect(await migrationsCurrent(t.db)).toBe(true);
    expect(await tables()).toEqual(
      expect.arrayContaining(['stations', 'users', 'account_managers', 'retailers', 'specs', 'order_cycles', 'caps', 'cycle_supply', 'orders', 'order_lines', 'uploads', 'pos_daily_sales', 'receipts', 'stock_counts', 'stock_count_lines', 'sessions', 'cart_lines', 'order_events', 'upload_batches', 'upload_rejections', 'staged_uploads', 'api_tokens', 'barcode_aliases', 'quality_issues', 'quality_fix_log', 'rule_settings', 'suggestions', 'forecast_accuracy']),
    );
  });

  it('go down one by one to an empty schema and back up again', async () => {
    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(t.db);
    expect(await tables()).toEqual([]);
    expect(await migrationsCurrent(t.db)).toBe(false);
    await migrateToLatest(t.db);
    expect(await migrationsCurrent(t.db)).toBe(true);
  });

  it('enforce one order per retailer per cycle in the database itself', async () => {
    const now = new Date().toISOString();
    await t.db.insertInto('stations').values({ id: 1, code: 'S', nameZh: '所', nameEn: 'S' }).execute();
    await t.db.insertInto('users').values({ id: 1, username: 'm', passwordHash: 'x', role: 'manager', displayName: 'm', locale: null, createdAt: now }).execute();
    await t.db.insertInto('accountManagers').values({ id: 1, userId: 1, code: 'm', name: 'm', phone: '1', stationId: 1 }).execute();
    await t.db
      .insertInto('retailers')
      .values({ id: 1, userId: null, licenceNo: '440300100001', name: 'r', ownerName: 'o', phone: '1', address: 'a', stationId: 1, managerId: 1, businessType: 'grocery', marketType: 'rural', grade: 1, orderWeekday: 1, isOnline: 1, active: 1, isBenchmark: 0, depositBalanceFen: 0, createdAt: now })
      .execute();
    await t.db.insertInto('orderCycles').values({ id: 1, code: 'c', startsOn: '2026-11-23', endsOn: '2026-11-29', opensAt: now, cutoffLocalTime: '17:00:00', leadDays: 1, status: 'open', createdAt: now }).execute();
    const order = { retailerId: 1, cycleId: 1, status: 'draft' as const, submittedByUserId: null, submittedAt: null, totalCartons: 0, totalAmountFen: 0, failureReason: null, createdAt: now, updatedAt: now };
    await t.db.insertInto('orders').values(order).execute();
    await expect(t.db.insertInto('orders').values(order).execute()).rejects.toThrow(/unique|UNIQUE/);
  });
});

describe.skipIf(postgresSkipped())('migrations landed out of order', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await useTestDb();
  });
  afterAll(() => t?.close());

  it('a database that has a later migration still takes an earlier one it lacks', async () => {
    const names = Object.keys(migrations).sort();
    const earlier = names[names.length - 2]!;
    // As on a database migrated before `earlier` landed on main: undone, and not in the bookkeeping.
    await migrations[earlier]!.down!(t.db);
    await sql`delete from ${sql.table('kysely_migration')} where name = ${earlier}`.execute(t.db);
    expect(await migrationsCurrent(t.db)).toBe(false);
    expect(await migrateToLatest(t.db)).toEqual([`Up ${earlier}: Success`]);
    expect(await migrationsCurrent(t.db)).toBe(true);
  });
});
