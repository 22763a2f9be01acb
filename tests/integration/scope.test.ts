import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retailerInScope } from '~/server/scope.server';
import { smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('scope in the query', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
  });
  afterAll(() => t?.close());

  const visible = (user: { userId: number; role: 'retailer' | 'manager' | 'staff' }) =>
    t.db
      .selectFrom('retailers')
      .select('id')
      .where(retailerInScope(user, 'retailers.id'))
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => r.id));

  it('a retailer sees only itself', async () => {
    const me = county.retailers[0]!;
    expect(await visible({ userId: me.userId, role: 'retailer' })).toEqual([me.id]);
  });

  it('a manager sees only its route', async () => {
    const m = county.managers[1]!;
    const route = county.retailers.filter((r) => r.managerId === m.managerId).map((r) => r.id);
    expect(route).toHaveLength(2);
    expect(await visible({ userId: m.userId, role: 'manager' })).toEqual(route);
  });

  it('staff see every retailer; a retailer id used as a manager id sees nothing', async () => {
    expect(await visible({ userId: county.staffUserId, role: 'staff' })).toHaveLength(4);
    expect(await visible({ userId: county.retailers[0]!.userId, role: 'manager' })).toEqual([]);
  });

  it('works on other tables through their retailer column, even when another retailer’s id is asked for', async () => {
    const [mine, theirs] = [county.retailers[0]!, county.retailers[2]!];
    const now = new Date().toISOString();
    const cycle = await t.db
      .insertInto('orderCycles')
      .values({ code: '2026-W48', startsOn: '2026-11-23', endsOn: '2026-11-29', opensAt: now, cutoffLocalTime: '17:00:00', leadDays: 1, status: 'open', createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of [mine, theirs]) {
      await t.db
        .insertInto('orders')
        .values({ retailerId: r.id, cycleId: cycle.id, status: 'submitted', submittedByUserId: r.userId, submittedAt: now, totalCartons: 1, totalAmountFen: 100, failureReason: null, createdAt: now, updatedAt: now })
        .execute();
    }
    const theirOrder = await t.db.selectFrom('orders').select('id').where('retailerId', '=', theirs.id).executeTakeFirstOrThrow();
    const asMe = await t.db
      .selectFrom('orders')
      .select('id')
      .where('id', '=', theirOrder.id)
      .where(retailerInScope({ userId: mine.userId, role: 'retailer' }, 'orders.retailerId'))
      .execute();
    expect(asMe).toEqual([]);
  });
});
