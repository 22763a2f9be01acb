import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managerRoute } from '~/server/manager-route.server';
import { MONDAY, orderingFixture, smallCounty } from '../support/fixtures';
import { postgresSkipped, useTestDb, type TestDb } from '../support/db';

describe.skipIf(postgresSkipped())('a manager’s route board', () => {
  let t: TestDb;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  beforeAll(async () => {
    t = await useTestDb();
    county = await smallCounty(t.db);
    await orderingFixture(t.db);
    // Everyone uploaded yesterday (Sunday 2026-11-22), so only ordering decides who needs a call.
    for (const r of county.retailers) {
      await t.db
        .insertInto('uploads')
        .values({ retailerId: r.id, kind: 'sales', source: 'api', businessDate: '2026-11-22', createdByUserId: null, createdAt: new Date().toISOString(), rowsAccepted: 3, rowsRejected: 0 })
        .execute();
    }
  });
  afterAll(() => t?.close());

  it('lists only its own route', async () => {
    const m = county.managers[0]!;
    const board = await managerRoute(t.db, { userId: m.userId, role: 'manager' }, MONDAY.open);
    expect(board.route.map((r) => r.id).sort()).toEqual(county.retailers.filter((r) => r.managerId === m.managerId).map((r) => r.id).sort());
  });

  it('flags a shop whose cut-off is within a day and has no order, not one whose order day is tomorrow evening', async () => {
    const m = county.managers[0]!;
    // Monday 16:00 in Shanghai: the Monday shop's cut-off is in an hour, the Tuesday shop's in 25 hours.
    const board = await managerRoute(t.db, { userId: m.userId, role: 'manager' }, MONDAY.open);
    const monday = board.route.find((r) => r.orderWeekday === 1)!;
    const tuesday = board.route.find((r) => r.orderWeekday === 2)!;
    expect(monday).toMatchObject({ notOrdered: true, notUploaded: false, needsCall: true });
    expect(tuesday).toMatchObject({ notOrdered: true, notUploaded: false, needsCall: false });
    expect(board.route[0]!.id).toBe(monday.id);
    expect(board.notOrderedCount).toBe(2);
  });
});
